// Prints nvcc -gencode flags for a list of SM versions ("80 90"): SASS for each, plus PTX of the newest so
// newer GPUs can JIT it.
const archs = process.argv.slice(2).flatMap((a) => a.split(/[\s,]+/)).filter(Boolean);
if (archs.length === 0 || archs.some((a) => !/^\d+$/.test(a))) throw new Error(`bad CUDA arch list: ${archs.join(' ')}`);
const flags = archs.map((a) => `-gencode=arch=compute_${a},code=sm_${a}`);
const newest = archs.map(Number).sort((a, b) => b - a)[0];
flags.push(`-gencode=arch=compute_${newest},code=compute_${newest}`);
process.stdout.write(flags.join(' '));
