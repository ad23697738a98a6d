# The bwrap sandbox's supervisor (SupervisedSandbox): pid 1 of the trajectory's pid namespace, it runs each command
# Candor sends as `bash -c COMMAND` in /workspace and answers with its output and status. As pid 1 it cannot be
# killed or stopped by the commands (the kernel drops such signals from inside the namespace), and not dumpable, so
# the commands (same uid) cannot trace it or open its pipes through /proc.
#
# Frames on stdin: b'C' + >IIQQII (wall ms, CPU s, address space bytes, file bytes, processes, output bytes)
#   + >I length + the command (UTF-8, never parsed or interpolated); b'K' while a command runs: stop it.
# Frames on stdout: >iBI (exit status, 128+N for signal N; limit: 0 none, 1 wall time, 2 output,
#   3 stopped by Candor; output length) + the output (stdout and stderr interleaved, at most the output bytes).
# After each command every other process in the namespace is killed (background jobs, nohup, setsid, double forks).
import ctypes, os, resource, select, signal, struct, time

ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Python's handler would let a command's SIGINT end the supervisor
ENV = dict(os.environ)
HEADER = struct.Struct('>IIQQIII')


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


def child(w, command, cpu, address_space, file_bytes, processes):
    try:
        os.setpgid(0, 0)
        null = os.open('/dev/null', os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(w, 1)
        os.dup2(w, 2)
        os.closerange(3, 1 << 16)
        for s in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):  # Python's own dispositions: back to the defaults
            signal.signal(s, signal.SIG_DFL)
        # CPU: SIGXCPU at the soft limit, SIGKILL a second later
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        os.chdir('/workspace')
        os.execve('/bin/bash', ['bash', '-c', command], ENV)
    except BaseException as e:
        os.write(2, ('sandbox: cannot run the command: %s\n' % e).encode())
    os._exit(126)


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


def run(wall_ms, cpu, address_space, file_bytes, processes, output_bytes, command):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        child(w, command, cpu, address_space, file_bytes, processes)
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
            watched.remove(exited)
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
