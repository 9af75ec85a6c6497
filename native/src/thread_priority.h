// Background engine threads. When the engine's threads keep every core busy, the JS thread of the process
// that hosts it waits for a scheduler time slice whenever it wakes (3-4 ms on Linux): that, not JS work, was
// most of the main process's event-loop delay while a 300k-node graph stepped and streamed. An engine created
// with `background` (the app's hosts do; the CLI and the bench's layout runs do not) runs its threads (stepping
// thread, CPU workers, clustering) in the OS's background class, so they get every cycle no one else wants and
// the JS thread, the window and the rest of the desktop run first. Set when a thread starts, for its lifetime:
// an unprivileged thread cannot raise its priority again, so it is an engine option, not a live switch.
#pragma once

namespace forcelab {

/** Puts the calling thread in the background class: Linux SCHED_IDLE (nice 19 where refused), macOS the
 *  utility QoS class, Windows the lowest thread priority. A refusal is ignored: the thread runs as before. */
void enterBackground();

}  // namespace forcelab
