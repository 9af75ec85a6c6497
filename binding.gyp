# The native engine. scripts/build-native.mjs runs node-gyp with with_cuda=true and the nvcc location when
# nvcc is found (then every native/cuda/*.cu is compiled by nvcc and linked with static cudart), else
# with_cuda=false and a stub answers "built without CUDA". with_cuda=emulated is for tests (see below).
{
  'variables': {
    'with_cuda%': 'false',
    'nvcc%': 'nvcc',
    'cuda_home%': '/usr/local/cuda',
    'cuda_libdir%': '/usr/local/cuda/lib64',
    'cuda_archs%': '80 90',
    'emu_sanitize%': 'false',
  },
  'targets': [
    {
      'target_name': 'forcelab',
      'sources': [
        '<!@(node native/gyp/list-sources.mjs native/src .cc)',
        '<!@(node native/gyp/list-sources.mjs native/src/cpu .cc)',
        '<!@(node native/gyp/list-sources.mjs native/src/engine .cc)',
        '<!@(node native/gyp/list-sources.mjs native/src/binding .cc)',
      ],
      'include_dirs': [
        '<!(node -p "require(\'node-addon-api\').include_dir")',
        'native/src',  # native/src/shared: the host/device maths both backends include
      ],
      'defines': [
        'NAPI_VERSION=8',
        'NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED',
        'NAPI_CPP_EXCEPTIONS',
        'NODE_ADDON_API_CPP_EXCEPTIONS_ALL',
      ],
      'cflags!': ['-fno-exceptions', '-O2'],
      'cflags_cc!': ['-fno-exceptions', '-fno-rtti', '-std=gnu++17', '-std=gnu++20', '-O2'],
      'cflags': ['-O3', '-pthread', '-fno-math-errno'],
      'cflags_cc': ['-std=c++17', '-O3', '-pthread', '-fexceptions', '-fno-math-errno'],
      'ldflags': ['-pthread'],
      'xcode_settings': {
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
        'OTHER_CFLAGS': ['-O3', '-fno-math-errno'],
      },
      'msvs_settings': {
        'VCCLCompilerTool': { 'ExceptionHandling': 1, 'AdditionalOptions': ['/std:c++17'] },
      },
      'conditions': [
        ['with_cuda=="true"', {
          'defines': ['FORCELAB_WITH_CUDA'],
          'sources': [
            '<!@(node native/gyp/list-sources.mjs native/cuda .cu)',
            '<!@(node native/gyp/list-sources.mjs native/cuda .cc)',
          ],
          'include_dirs': ['<(cuda_home)/include', 'native/cuda'],
          'libraries': ['-L<(cuda_libdir)', '-lcudart_static', '-ldl', '-lrt', '-lpthread'],
          'rules': [
            {
              'rule_name': 'nvcc',
              'extension': 'cu',
              'inputs': ['<(RULE_INPUT_PATH)'],
              'outputs': ['<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).cu.o'],
              'action': [
                '<(nvcc)', '-c', '<(RULE_INPUT_PATH)', '-o', '<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).cu.o',
                '-std=c++17', '-O3', '-Xcompiler', '-fPIC', '-Xcompiler', '-fno-math-errno',
                '-DFORCELAB_WITH_CUDA', '-Inative/src', '-Inative/cuda',
                '<!@(node native/gyp/nvcc-gencode.mjs <(cuda_archs))',
              ],
              'message': 'nvcc <(RULE_INPUT_PATH)',
              'process_outputs_as_sources': 1,
            },
          ],
        }],
        # Test builds only (scripts/build-cuda-emulator.mjs): the same .cu files compiled by g++ against the
        # CUDA emulator in native/cuda/emu, so the CUDA backend runs on machines without a GPU.
        ['with_cuda=="emulated"', {
          'defines': ['FORCELAB_WITH_CUDA', 'FORCELAB_CUDA_EMULATION'],
          'sources': [
            '<!@(node native/gyp/list-sources.mjs native/cuda .cu)',
            'native/cuda/emu/emu_runtime.cc',
          ],
          'include_dirs': ['native/cuda/emu', 'native/cuda'],
          'conditions': [
            # AddressSanitizer + UBSan build of the emulated addon (scripts/build-cuda-emulator.mjs --sanitize).
            # -O1: a third of -O3's build time, and what the sanitizers' manuals advise.
            ['emu_sanitize=="true"', {
              'cflags!': ['-O3'],
              'cflags_cc!': ['-O3'],
              'cflags': ['-O1', '-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-g'],
              'cflags_cc': ['-O1', '-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-g'],
              'ldflags': ['-fsanitize=address,undefined'],
            }],
          ],
          'rules': [
            {
              'rule_name': 'cuda_emulated',
              'extension': 'cu',
              'inputs': ['<(RULE_INPUT_PATH)', 'native/gyp/emu-unit.mjs'],
              'outputs': ['<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).emu.cc'],
              'action': ['node', 'native/gyp/emu-unit.mjs', '<(RULE_INPUT_PATH)', '<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).emu.cc'],
              'message': 'emulated CUDA <(RULE_INPUT_PATH)',
              'process_outputs_as_sources': 1,
            },
          ],
        }],
        ['with_cuda=="false"', {
          'sources': ['native/src/cuda_unavailable/cuda_unavailable.cc'],
        }],
      ],
    },
  ],
}
