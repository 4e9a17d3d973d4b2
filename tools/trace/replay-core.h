/* replay-core.h -- the replayers' common main; see replay-core.c.  */
#ifndef REPLAY_CORE_H
#define REPLAY_CORE_H

int replay_main (int argc, char **argv, int threaded);

#endif
