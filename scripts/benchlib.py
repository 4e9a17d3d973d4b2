"""benchlib -- what scripts/bench and scripts/compare share: running a
command on one glibc build through scripts/glibc-run and measuring its
wall time and peak RSS (the child's own rusage, from wait4), medians and
geometric means.  Not a command."""
import math
import os
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, 'glibc-run')


class RunError(Exception):
    pass


# The bases and their build folders under glibc-build/ (scripts/baselib's
# base_folder); 2.36-backport is opt-in (./configure --enable-backport).
BASE_FOLDERS = {'2.36': [], 'master': ['master'], '2.36-backport': ['backport-2.36']}
BASES = tuple(BASE_FOLDERS)


def select_base(base):
    """Point this process and the glibc-run it starts at BASE's builds
    (as scripts/baselib does for the shell scripts): sets GLIBC_BASE and
    GLIBC_BUILD in the environment and returns the build folder.  BASE
    None keeps $GLIBC_BASE (default 2.36) and a GLIBC_BUILD already set."""
    top = os.path.dirname(HERE)
    if base is None:
        base = os.environ.get('GLIBC_BASE', '2.36')
        keep = os.environ.get('GLIBC_BUILD')
    else:
        keep = None
    if base not in BASES:
        raise SystemExit(f"unknown base '{base}': the bases are 2.36 (the default), master and 2.36-backport")
    gb = keep or os.path.join(top, 'glibc-build', *BASE_FOLDERS[base])
    os.environ['GLIBC_BASE'] = base
    os.environ['GLIBC_BUILD'] = gb
    return gb


def geomean(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')


def median(xs):
    return statistics.median(xs)


def run_measured(build, argv, env_extra=None, wrapper=None):
    """Run ARGV on BUILD (stock or patched) through glibc-run, stdin from
    /dev/null.  Returns (wall seconds, peak RSS in kB, stdout, stderr).
    Raises RunError when it exits non-zero or dies."""
    env = dict(os.environ, **(env_extra or {}))
    if wrapper:
        env['GLIBC_RUN_WRAPPER'] = wrapper
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([RUN, '--' + build] + list(argv), env=env,
                             stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        so = out.read().decode(errors='replace')
        se = err.read().decode(errors='replace')
    if p.returncode != 0:
        how = (f'signal {-p.returncode}' if p.returncode < 0
               else f'status {p.returncode}')
        raise RunError(f'{" ".join(argv)} failed on {build} ({how}):\n{se[-2000:]}')
    return wall, ru.ru_maxrss, so, se


def interleaved(runs, sides):
    """The order of the sides in each round: forwards, then backwards."""
    for r in range(runs):
        yield r, (sides if r % 2 == 0 else list(reversed(sides)))
