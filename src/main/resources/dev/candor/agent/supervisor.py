# The bwrap sandbox's supervisor (SupervisedSandbox): pid 1 of the trajectory's pid namespace, it runs each command
# Candor sends as `bash -c COMMAND` in /workspace and answers with its output and status. As pid 1 it cannot be
# killed or stopped by the commands (the kernel drops such signals from inside the namespace), and not dumpable, so
# the commands (same uid) cannot trace it or open its pipes through /proc.
#
# Arguments: the per-command limits CPU seconds, address space bytes, bytes per file, processes. They are set once,
# hard, on the supervisor itself and every command inherits them: a command is started with posix_spawn (no copy of
# this process, which costs more than bash itself), so nothing runs between the fork and the exec to set them. The
# supervisor's own CPU time counts against the CPU limit too: a fraction of a millisecond per command.
# Frames on stdin: b'C' + >III (wall ms, output bytes, command length) + the command (UTF-8, never parsed or
#   interpolated); b'K' while a command runs: stop it.
# Frames on stdout: >iBI (exit status, 128+N for signal N; limit: 0 none, 1 wall time, 2 output, 3 stopped by
#   Candor; output length) + the output (stdout and stderr interleaved, at most the output bytes).
# After each command every other process in the namespace is killed (background jobs, nohup, setsid, double forks).
import ctypes, os, resource, select, signal, struct, sys, time

ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Python's handler would let a command's SIGINT end the supervisor
ENV = dict(os.environ)
HEADER = struct.Struct('>III')
cpu, address_space, file_bytes, processes = (int(a) for a in sys.argv[1:5])
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU at the soft limit, SIGKILL a second later
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def read_exactly(n):
    b = bytearray()
    while len(b) < n:
        chunk = os.read(0, n - len(b))
        if not chunk:
            raise EOFError
        b += chunk
    return bytes(b)


def write_all(b):
    view = memoryview(b)
    while view:
        view = view[os.write(1, view):]


def kill_the_rest():
    """Kills every process in the namespace but this one and reaps them all; returns {pid: wait status}."""
    try:
        os.kill(-1, signal.SIGKILL)  # from pid 1: every other process in the namespace, atomically with respect to fork
    except ProcessLookupError:
        pass  # there was none
    statuses = {}
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return statuses
        statuses[pid] = status


def run(wall_ms, output_bytes, command):
    r, w = os.pipe()  # both close-on-exec, as every descriptor of the supervisor but 0, 1 and 2, which are replaced
    try:
        pid = os.posix_spawn('/bin/bash', ['bash', '-c', command], ENV, setpgroup=0,
                             setsigdef=(signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT),  # Python's own, back to the defaults
                             file_actions=[(os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                                           (os.POSIX_SPAWN_DUP2, w, 1), (os.POSIX_SPAWN_DUP2, w, 2)])
    except OSError as e:
        os.close(r)
        os.close(w)
        return 126, 0, ('sandbox: cannot run the command: %s\n' % e).encode()
    os.close(w)
    exited = os.pidfd_open(pid)
    out = bytearray()
    limit = 0
    status = None
    deadline = time.monotonic() + wall_ms / 1000
    watched = [r, exited, 0]
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            limit = 1
            break
        ready = select.select(watched, [], [], left)[0]
        if 0 in ready:
            if os.read(0, 1) == b'':  # Candor is gone
                kill_the_rest()
                os._exit(0)
            limit = 3
            break
        if r in ready:
            chunk = os.read(r, 65536)
            if not chunk:
                watched.remove(r)
            out += chunk
            if len(out) > output_bytes:
                limit = 2
                break
        if exited in ready:
            status = os.waitpid(pid, 0)[1]
            break  # what it started dies with it; their output until then is still read below
    os.close(exited)
    statuses = kill_the_rest()
    if status is None:
        status = statuses[pid]
    while len(out) <= output_bytes:  # every writer is gone: the rest of the pipe, then end of file
        chunk = os.read(r, 65536)
        if not chunk:
            break
        out += chunk
    os.close(r)
    if len(out) > output_bytes:
        limit = limit or 2
        del out[output_bytes:]
    code = os.waitstatus_to_exitcode(status)
    return (128 - code if code < 0 else code), limit, bytes(out)


def main():
    while True:
        try:
            kind = read_exactly(1)
            if kind != b'C':
                continue  # a stop request that came after its command ended
            fields = HEADER.unpack(read_exactly(HEADER.size))
            command = read_exactly(fields[-1]).decode('utf-8', 'surrogateescape')
        except EOFError:
            return
        status, limit, out = run(*fields[:-1], command)
        write_all(struct.pack('>iBI', status, limit, len(out)) + out)


main()
