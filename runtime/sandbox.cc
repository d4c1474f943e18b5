// The host's lock-down, in three steps:
//
//   1. no_new_privs, which both Landlock and seccomp require of an unprivileged process.
//   2. Landlock: a ruleset that handles every filesystem right the kernel knows (and TCP
//      bind/connect), with rules granting only the kept folder (read-write) and a few
//      system files (read-only, READ_ONLY_PATHS). Below ABI 8 (LANDLOCK_RESTRICT_SELF_TSYNC;
//      this machine's 6.18 kernel has ABI 7) a ruleset confines only the thread that
//      enforces it, and V8's and the watchdog's threads are already running; so each other
//      thread is sent a signal whose handler confines that thread, until a pass over
//      /proc/self/task finds none left. Threads started later inherit the confinement of
//      the thread that starts them.
//   3. seccomp-bpf: an allowlist, synchronised onto every thread (TSYNC).
//
// The allowlist was found by running hosts under `strace -f -ttt` through the integration
// and security suites (tests/integration, tests/security) and a worker exercising crypto,
// Intl and time zones, big strings and buffers, sessions (SQL, storage, alarms, big sorts)
// and the CPU and memory limits, keeping the calls made after lock-down; see ALLOWED.
//
// The default for a call nobody listed is to fail with EPERM, not to kill the process: a
// call that a new V8, KJ, glibc or SQLite starts to make shows up as an error its caller
// handles (and strace finds), not as hosts dying under load. Add such a call to ALLOWED
// with its reason; never go back to a deny list.

#include "runtime/sandbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <kj/debug.h>
#include <kj/vector.h>

namespace shoal {

namespace {

// ---------------------------------------------------------------------------------------
// seccomp

// Allowed without conditions on their arguments; clone, clone3, tgkill, prctl, ioctl and
// fcntl get theirs in installSeccomp(). Each was seen under strace in a serving host,
// except those marked "unseen", which are here for the reason given.
constexpr int ALLOWED[] = {
    // Memory: malloc, V8's heaps and its JIT code (W^X flips with mprotect).
    SCMP_SYS(brk),
    SCMP_SYS(mmap),
    SCMP_SYS(munmap),
    SCMP_SYS(mremap),  // unseen: glibc's realloc() of a large (mmapped) block
    SCMP_SYS(mprotect),
    SCMP_SYS(madvise),
    // Threads and locks.
    SCMP_SYS(futex),
    SCMP_SYS(set_robust_list),  // glibc, as each new thread starts
    SCMP_SYS(rseq),             // likewise
    SCMP_SYS(sched_yield),      // unseen: std::this_thread::yield, spinning locks
    SCMP_SYS(gettid),           // unseen: V8's thread ids
    SCMP_SYS(getpid),
    SCMP_SYS(exit),  // unseen: a thread ending
    SCMP_SYS(exit_group),
    // Signals within the process (tgkill, to this process only, is below).
    SCMP_SYS(rt_sigprocmask),  // glibc masks signals around thread creation
    SCMP_SYS(rt_sigaction),    // unseen: abort() resets SIGABRT before raising it again
    SCMP_SYS(rt_sigreturn),    // unseen: returning from any signal handler
    // A timed wait (futex, clock_nanosleep) the process was stopped in (SIGSTOP, a
    // debugger or strace attaching) resumes through this; denied, glibc aborts ("The futex
    // facility returned an unexpected error code"), as a host did under strace -p.
    SCMP_SYS(restart_syscall),
    // Time.
    SCMP_SYS(clock_gettime),    // the watchdog reads other threads' CPU clocks (no vDSO)
    SCMP_SYS(clock_nanosleep),  // unseen: glibc's sleep, usleep, nanosleep, sleep_for
    // The KJ event loop, on the descriptors opened before lock-down and the connections
    // accepted on the listening socket. No descriptors are passed: no sendmsg, recvmsg.
    SCMP_SYS(epoll_wait),
    SCMP_SYS(epoll_ctl),
    SCMP_SYS(read),
    SCMP_SYS(write),
    SCMP_SYS(writev),
    SCMP_SYS(close),
    SCMP_SYS(accept4),
    SCMP_SYS(shutdown),
    SCMP_SYS(getsockopt),
    SCMP_SYS(setsockopt),   // TCP_NODELAY on each accepted connection
    SCMP_SYS(getsockname),  // the port a tcp: listener got, printed after lock-down
    // Files: SQLite's session databases (Landlock decides which files may open), and
    // /dev/urandom (READ_ONLY_PATHS). glibc's stat, lstat and fstat are newfstatat.
    SCMP_SYS(openat),
    SCMP_SYS(newfstatat),
    SCMP_SYS(lseek),  // stdio, closing a stream it read ahead in (V8's /dev/urandom)
    SCMP_SYS(pread64),
    SCMP_SYS(pwrite64),
    SCMP_SYS(ftruncate),
    SCMP_SYS(fdatasync),  // SQLite's sync, for files and folders alike
    SCMP_SYS(unlink),
    SCMP_SYS(mkdir),
    SCMP_SYS(fchown),    // SQLite, as root: a journal gets its database's owner...
    SCMP_SYS(geteuid),   // ...which it checks first
    SCMP_SYS(getcwd),    // SQLite makes a relative path (--data .shoal) absolute
    SCMP_SYS(readlink),  // ICU finds the time zone's name; SQLite resolves symlinks
    SCMP_SYS(access),    // SQLite checks its temporary folder is writable
    // Randomness: crypto.getRandomValues, OpenSSL.
    SCMP_SYS(getrandom),
};

// fcntl commands: SQLite's POSIX locks (it never waits for one: F_SETLKW is not needed).
// Not F_SETOWN or F_SETSIG (signals sent to other processes), leases, notifications or
// F_DUPFD.
constexpr int ALLOWED_FCNTL[] = {F_GETLK, F_SETLK};

// ioctl requests: isatty(), which stdio asks when it first buffers a stream. Not TIOCSTI
// or anything else that acts on a terminal. (KJ's FIONBIO and FIOCLEX are not needed: the
// connections accept4 makes are already non-blocking and close-on-exec.)
constexpr unsigned long ALLOWED_IOCTL[] = {TCGETS};

void check(int result, const char* what) {
  KJ_REQUIRE(result == 0, "installing the host's seccomp filter failed", what, strerror(-result));
}

void installSeccomp() {
  // A call nobody allowed fails cleanly with EPERM rather than killing the host; see the
  // top of the file.
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ERRNO(EPERM));
  KJ_REQUIRE(filter != nullptr, "seccomp_init failed");
  KJ_DEFER(seccomp_release(filter));
  // Every thread, including V8's and the watchdog, already running.
  check(seccomp_attr_set(filter, SCMP_FLTATR_CTL_TSYNC, 1), "tsync");
  for (int call : ALLOWED) check(seccomp_rule_add(filter, SCMP_ACT_ALLOW, call, 0), "rule");
  // Threads are clone(CLONE_THREAD | ...); anything else would make a process.
  check(seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)),
        "clone");
  // clone3 passes its flags in memory a filter cannot read: say it does not exist, and
  // glibc falls back to clone.
  check(seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
  // Signals only to this process's own threads (pthread_kill, raise, abort).
  check(seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                         SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(getpid()))),
        "tgkill");
  // V8 names each thread it starts; no other prctl.
  check(seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                         SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME)),
        "prctl");
  for (int command : ALLOWED_FCNTL) {
    check(seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
                           SCMP_A1(SCMP_CMP_EQ, static_cast<scmp_datum_t>(command))),
          "fcntl");
  }
  for (unsigned long request : ALLOWED_IOCTL) {
    check(
        seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, request)),
        "ioctl");
  }
  check(seccomp_load(filter), "load");
}

// ---------------------------------------------------------------------------------------
// Landlock, by raw system call: glibc 2.36 has no wrappers, and Debian 12's
// <linux/landlock.h> stops at ABI 2, so the later fields and rights are spelled out here.

struct RulesetAttr {
  uint64_t handledAccessFs;
  uint64_t handledAccessNet;  // ABI 4; the kernel accepts a zero here at any ABI
};

constexpr uint64_t FS_ABI1 = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // EXECUTE..MAKE_SYM
constexpr uint64_t FS_REFER = 1ull << 13;                             // ABI 2
constexpr uint64_t FS_TRUNCATE = 1ull << 14;                          // ABI 3
constexpr uint64_t FS_IOCTL_DEV = 1ull << 15;                         // ABI 5
constexpr uint64_t NET_BIND_TCP = 1ull << 0;                          // ABI 4
constexpr uint64_t NET_CONNECT_TCP = 1ull << 1;                       // ABI 4

// What SQLite does beneath the kept folder: make session folders and files (database,
// -wal, -shm, -journal), read, write, truncate and delete them, open a folder to fsync it.
// Not: execute, rename or link across folders, remove folders, make devices, pipes,
// sockets or symlinks.
constexpr uint64_t KEPT_FOLDER_ACCESS =
    LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
    LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
    FS_TRUNCATE;

// Read after lock-down by code we do not control, and what it does if it cannot:
//   - /dev/urandom: V8 seeds each isolate's Math.random and hash seed from it, SQLite its
//     randomblob(); both fall back to the clock, silently.
//   - /proc/sys/vm/overcommit_memory: glibc's malloc, once, when it first shrinks a
//     thread's heap; under strict overcommit it then returns memory differently.
//   - the time zone: glibc (/etc/localtime, or /usr/share/zoneinfo/$TZ) and ICU (and
//     Debian's newer ICU zone data, if installed) when V8 first needs local time; Dates
//     would silently be in UTC while ICU thinks otherwise.
// Files or folders (everything beneath); those missing on this machine are skipped.
constexpr const char* READ_ONLY_PATHS[] = {
    "/dev/urandom",        "/proc/sys/vm/overcommit_memory", "/etc/localtime",
    "/usr/share/zoneinfo", "/usr/share/zoneinfo-icu",
};

int landlockAbi() {
  return syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

// Returns false if `path` does not exist (only for files that may be missing).
bool addRule(int ruleset, const char* path, uint64_t access, int openFlags) {
  int fd = open(path, O_PATH | O_CLOEXEC | openFlags);
  if (fd < 0) return false;
  KJ_DEFER(close(fd));
  landlock_path_beneath_attr rule{access, fd};
  KJ_SYSCALL(syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0), path);
  return true;
}

// State shared with the signal handler (a handler can reach nothing else).
constexpr size_t MAX_THREADS = 1024;
std::atomic<int> pendingRuleset{-1};
std::atomic<size_t> confinedCount{0};
std::atomic<pid_t> confinedThreads[MAX_THREADS];
std::atomic<bool> confineFailed{false};

void confineThisThread(int) {
  int savedErrno = errno;
  // no_new_privs is per thread too; seccomp's TSYNC would set it, but only later.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      syscall(SYS_landlock_restrict_self, pendingRuleset.load(), 0) != 0) {
    confineFailed = true;
  }
  size_t slot = confinedCount.fetch_add(1);
  if (slot < MAX_THREADS) confinedThreads[slot] = static_cast<pid_t>(syscall(SYS_gettid));
  errno = savedErrno;
}

kj::Vector<pid_t> threadsOfThisProcess() {
  kj::Vector<pid_t> threads;
  DIR* dir = opendir("/proc/self/task");
  KJ_REQUIRE(dir != nullptr, "cannot list this process's threads", strerror(errno));
  KJ_DEFER(closedir(dir));
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') threads.add(static_cast<pid_t>(atoi(entry->d_name)));
  }
  return threads;
}

bool wasConfined(pid_t thread) {
  size_t count = kj::min(confinedCount.load(), MAX_THREADS);
  for (size_t i = 0; i < count; ++i) {
    if (confinedThreads[i] == thread) return true;
  }
  return false;
}

// Has every other thread enforce `ruleset` on itself, then this one.
void confineEveryThread(int ruleset) {
  pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
  pid_t process = getpid();
  int signal = SIGRTMIN;  // not used by V8, KJ (in epoll mode) or SQLite
  pendingRuleset = ruleset;
  confinedCount = 0;
  confineFailed = false;
  struct sigaction action, previous;
  memset(&action, 0, sizeof(action));
  action.sa_handler = &confineThisThread;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  KJ_SYSCALL(sigaction(signal, &action, &previous));
  KJ_DEFER(sigaction(signal, &previous, nullptr));

  kj::Vector<pid_t> signalled;
  for (;;) {
    // A thread may start another while we work: list again until a pass finds none new.
    bool sentAny = false;
    for (pid_t thread : threadsOfThisProcess()) {
      if (thread == self ||
          std::find(signalled.begin(), signalled.end(), thread) != signalled.end()) {
        continue;
      }
      KJ_REQUIRE(signalled.size() < MAX_THREADS, "too many threads to confine");
      if (syscall(SYS_tgkill, process, thread, signal) == 0) {
        signalled.add(thread);
        sentAny = true;
      }  // else it has just exited
    }
    if (!sentAny) break;
    // Wait for each signalled thread, unless it exits first.
    timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 5;
    for (pid_t thread : signalled) {
      while (!wasConfined(thread) && syscall(SYS_tgkill, process, thread, 0) == 0) {
        timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        KJ_REQUIRE(now.tv_sec < deadline.tv_sec ||
                       (now.tv_sec == deadline.tv_sec && now.tv_nsec < deadline.tv_nsec),
                   "a thread did not confine itself (is the signal blocked?)", thread, signal);
        timespec pause{0, 1'000'000};
        nanosleep(&pause, nullptr);
      }
    }
  }
  KJ_REQUIRE(!confineFailed, "a thread could not enforce the Landlock ruleset");
  KJ_SYSCALL(syscall(SYS_landlock_restrict_self, ruleset, 0));
}

void installLandlock(kj::StringPtr keptFolder) {
  int abi = landlockAbi();
  if (abi < 1) {
    // Lock-down runs once per process, so this is logged once.
    KJ_LOG(WARNING, "this kernel has no Landlock; the host can open any file its user can",
           strerror(errno));
    return;
  }
  RulesetAttr attr{FS_ABI1, 0};
  if (abi >= 2) attr.handledAccessFs |= FS_REFER;
  if (abi >= 3) attr.handledAccessFs |= FS_TRUNCATE;
  if (abi >= 4) attr.handledAccessNet = NET_BIND_TCP | NET_CONNECT_TCP;
  if (abi >= 5) attr.handledAccessFs |= FS_IOCTL_DEV;
  int ruleset;
  KJ_SYSCALL(ruleset = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  KJ_DEFER(close(ruleset));
  KJ_REQUIRE(
      addRule(ruleset, keptFolder.cStr(), KEPT_FOLDER_ACCESS & attr.handledAccessFs, O_DIRECTORY),
      "the folder a host keeps must exist", keptFolder, strerror(errno));
  for (auto path : READ_ONLY_PATHS) addRule(ruleset, path, LANDLOCK_ACCESS_FS_READ_FILE, 0);
  confineEveryThread(ruleset);
}

}  // namespace

void lockDownProcess(kj::StringPtr keptFolder) {
  KJ_SYSCALL(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  installLandlock(keptFolder);
  installSeccomp();
}

}  // namespace shoal
