/* The atomics of glibc's <atomic.h> that malloc/chunkinfo.c uses, for
   lookup-bench, which compiles that file as an ordinary program: glibc's
   own header needs its sysdeps (atomic-machine.h), so this one, found
   first (-I), stands in for it with the compiler's builtins.  */
#ifndef LOOKUP_BENCH_ATOMIC_H
#define LOOKUP_BENCH_ATOMIC_H

#define atomic_load_acquire(p) __atomic_load_n ((p), __ATOMIC_ACQUIRE)
#define atomic_load_relaxed(p) __atomic_load_n ((p), __ATOMIC_RELAXED)
#define atomic_store_relaxed(p, v) __atomic_store_n ((p), (v), __ATOMIC_RELAXED)
#define atomic_store_release(p, v) __atomic_store_n ((p), (v), __ATOMIC_RELEASE)
#define atomic_fetch_add_relaxed(p, v) \
  __atomic_fetch_add ((p), (v), __ATOMIC_RELAXED)
#define atomic_compare_exchange_weak_release(p, e, v) \
  __atomic_compare_exchange_n ((p), (e), (v), 1, __ATOMIC_RELEASE, \
			       __ATOMIC_RELAXED)
#define atomic_compare_exchange_weak_relaxed(p, e, v) \
  __atomic_compare_exchange_n ((p), (e), (v), 1, __ATOMIC_RELAXED, \
			       __ATOMIC_RELAXED)

#endif
