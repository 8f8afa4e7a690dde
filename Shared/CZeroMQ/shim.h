#ifndef JG_CZEROMQ_SHIM_H
#define JG_CZEROMQ_SHIM_H
#include <zmq.h>
#include <errno.h>
#include <sys/eventfd.h>

// errno is a macro over a thread-local; Swift cannot read it portably through Glibc on every toolchain.
static inline int jg_errno(void) { return errno; }
#endif
