/* mtreplay -- replay a malloc trace with one thread per recorded thread,
   keeping each thread's order and the cross-thread dependencies; see
   replay-core.c.  */
#include "replay-core.h"

int
main (int argc, char **argv)
{
  return replay_main (argc, argv, 1);
}
