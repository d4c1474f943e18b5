#include "runtime/sandbox.h"

#include <sched.h>
#include <seccomp.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstring>

#include <kj/debug.h>

namespace shoal {

namespace {

// Refused outright. (A deny list: everything a host uses stays allowed, so a syscall V8,
// KJ or SQLite starts using in a new version cannot crash hosts in production.)
constexpr int REFUSED[] = {
    SCMP_SYS(execve),          SCMP_SYS(execveat),        SCMP_SYS(fork),
    SCMP_SYS(vfork),           SCMP_SYS(ptrace),          SCMP_SYS(process_vm_readv),
    SCMP_SYS(process_vm_writev), SCMP_SYS(socket),        SCMP_SYS(connect),
    SCMP_SYS(mount),           SCMP_SYS(umount2),         SCMP_SYS(pivot_root),
    SCMP_SYS(chroot),          SCMP_SYS(unshare),         SCMP_SYS(setns),
    SCMP_SYS(kexec_load),      SCMP_SYS(kexec_file_load), SCMP_SYS(init_module),
    SCMP_SYS(finit_module),    SCMP_SYS(delete_module),   SCMP_SYS(reboot),
    SCMP_SYS(swapon),          SCMP_SYS(swapoff),         SCMP_SYS(bpf),
    SCMP_SYS(perf_event_open), SCMP_SYS(keyctl),          SCMP_SYS(add_key),
    SCMP_SYS(request_key),     SCMP_SYS(userfaultfd),     SCMP_SYS(open_by_handle_at),
    SCMP_SYS(name_to_handle_at), SCMP_SYS(acct),          SCMP_SYS(quotactl),
    SCMP_SYS(settimeofday),    SCMP_SYS(clock_settime),   SCMP_SYS(adjtimex),
    SCMP_SYS(personality),     SCMP_SYS(iopl),            SCMP_SYS(ioperm),
    SCMP_SYS(syslog),          SCMP_SYS(sethostname),     SCMP_SYS(setdomainname),
    SCMP_SYS(vhangup),         SCMP_SYS(move_pages),      SCMP_SYS(migrate_pages),
};

void check(int result, const char* what) {
  KJ_REQUIRE(result == 0, "installing the host's seccomp filter failed", what,
             strerror(-result));
}

}  // namespace

void lockDownProcess() {
  KJ_SYSCALL(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  KJ_REQUIRE(filter != nullptr, "seccomp_init failed");
  KJ_DEFER(seccomp_release(filter));
  // Every thread, including V8's and the watchdog, already running.
  check(seccomp_attr_set(filter, SCMP_FLTATR_CTL_TSYNC, 1), "tsync");
  for (int call: REFUSED) {
    check(seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), call, 0), "rule");
  }
  // Threads are clone(CLONE_THREAD | ...); anything else makes a process.
  check(seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0)),
        "clone");
  // clone3 passes its flags in memory a filter cannot read: say it does not exist, and
  // the C library falls back to clone.
  check(seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
  check(seccomp_load(filter), "load");
}

}  // namespace shoal
