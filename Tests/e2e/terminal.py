"""A real pseudo-terminal with the pyte emulator on the other side, for driving psalink."""
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time

import pyte

BIN = os.path.abspath(os.environ.get("PSALINK_BIN", ".build/debug/psalink"))


def set_window_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Terminal:
    def __init__(self, args=(), rows=24, cols=80, env=None):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.status = None
        base = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", ""),
                "HOME": os.environ.get("HOME", "/root")}
        base.update(env or {})
        environment = {k: v for k, v in base.items() if v is not None}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            set_window_size(0, rows, cols)  # before curses starts, to avoid a 0x0 race
            os.execve(BIN, [BIN, *args], environment)

    def pump(self, timeout=0.05):
        if not select.select([self.fd], [], [], timeout)[0]:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO once the child has closed the pty
            return False
        self.raw += data
        self.stream.feed(data)
        return bool(data)

    @property
    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, text, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump()
            if text in self.text:
                self.settle()
                return
        raise AssertionError(f"{text!r} not on screen:\n{self.text}")

    def settle(self, quiet=0.1):
        """Reads until the program has been silent for `quiet` seconds: a frame can arrive
        in several chunks, and assertions must see all of it."""
        while self.pump(timeout=quiet):
            pass

    def wait_until_gone(self, text, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump()
            if text not in self.text:
                return
        raise AssertionError(f"{text!r} still on screen:\n{self.text}")

    def send(self, keys):
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def resize(self, rows, cols):
        self.screen.resize(rows, cols)
        set_window_size(self.fd, rows, cols)  # the kernel sends SIGWINCH

    def kill(self, number):
        os.kill(self.pid, number)

    def wait_exit(self, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self.pump():
                    pass
                self.pid = None
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        raise AssertionError("psalink did not exit:\n" + self.text)

    def row_of(self, text):
        for y, line in enumerate(self.screen.display):
            if text in line:
                return y
        raise AssertionError(f"{text!r} not on screen")

    def close(self):
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
