/* replay -- replay a malloc trace in one thread; see replay-core.c.  */
#include "replay-core.h"

int
main (int argc, char **argv)
{
  return replay_main (argc, argv, 0);
}
