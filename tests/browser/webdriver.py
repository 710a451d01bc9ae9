"""A small W3C WebDriver client for the browser tests: Python's standard library only.

PyPI is out of reach on the build machines, so Selenium is not an option; the tests need only a
handful of WebDriver commands, which are plain JSON over HTTP to chromedriver (the W3C WebDriver
protocol, https://www.w3.org/TR/webdriver2/, plus two chromedriver extensions: the `performance`
log and the DevTools passthrough used for a full-page screenshot).

Usage:

    with Browser(work_dir) as browser:
        browser.navigate(Path("report.html").resolve().as_uri())
        rows = browser.execute("return document.title")

Every call has a timeout, and a watchdog kills chromedriver and Chromium when the whole session
outlives `max_seconds`, so a hung browser fails the test in well under a minute instead of hanging
until ctest's TIMEOUT.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

# WebDriver wraps a reference to a DOM element as {KEY: id}. The W3C key is
# "element-6066-11e4-a832-4ff4f4e10ce9", but chromedriver 156 answers with a key of its own of the
# same prefix, so the prefix is what is matched; references go back to it exactly as received.
ELEMENT_KEY_PREFIX = "element-6066-11e4-"


def element_id(reference: dict) -> str:
    """The id inside an element reference returned by find() or execute()."""
    for key, value in reference.items():
        if key.startswith(ELEMENT_KEY_PREFIX):
            return value
    raise ValueError(f"not an element reference: {reference!r}")

# Chromium's switches. Headless, no sandbox (the tests run as root in containers, where the sandbox
# cannot start), no GPU, /tmp instead of a small /dev/shm, and a fixed window size so screenshots
# are comparable from run to run. The network is shut: every host name resolves to nothing, and
# everything else (including loopback, which `<-loopback>` removes from the implicit bypass list)
# goes to a proxy on the discard port, where nothing listens. A report that tries to fetch anything
# therefore gets an error instead of the file, and the attempt still shows in the performance log.
CHROMIUM_SWITCHES = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1280,2000",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    # Less background activity: quicker start-up, and nothing unrelated to the page in the logs.
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--force-device-scale-factor=1",
]


class WebDriverError(Exception):
    """An error answered by chromedriver: `error` is the W3C error code, e.g. "no such element"."""

    def __init__(self, command: str, error: str, message: str):
        super().__init__(f"{command}: {error}: {message.splitlines()[0] if message else ''}")
        self.error = error
        self.message = message


class UnexpectedAlert(WebDriverError):
    """A JavaScript dialog (alert, confirm, prompt) was open when a command ran.

    With the session's default prompt handling ("dismiss and notify") chromedriver dismisses the
    dialog and fails the command that met it with "unexpected alert open"; the dialog's text is in
    the message. A report must never open one.
    """


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (chromedriver cannot be asked to pick one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """chromedriver plus one headless Chromium session. Use as a context manager: `quit` always runs."""

    def __init__(
        self,
        work_dir: Path,
        chromedriver: str = "chromedriver",
        chromium: str | None = None,
        command_timeout: float = 30.0,
        max_seconds: float = 50.0,
    ):
        self.work_dir = Path(work_dir)
        self.chromedriver = chromedriver
        self.chromium = chromium
        self.command_timeout = command_timeout
        self.max_seconds = max_seconds
        self.process: subprocess.Popen | None = None
        self.session_id: str | None = None
        self.base_url = ""
        self.profile_dir = self.work_dir / "chromium-profile"
        self.watchdog: threading.Timer | None = None
        self.timed_out = False
        self.startup_seconds = 0.0
        # urllib follows http_proxy and friends from the environment; chromedriver is on loopback and
        # must be reached directly, whatever the machine's proxy settings.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # -- life cycle --------------------------------------------------------------------------------

    def __enter__(self) -> "Browser":
        try:
            self.start()
        except BaseException:
            self.quit()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.quit()

    def start(self) -> None:
        started = time.monotonic()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.profile_dir, ignore_errors=True)
        port = free_loopback_port()
        self.base_url = f"http://127.0.0.1:{port}"
        log = open(self.work_dir / "chromedriver.log", "wb")
        # A session of its own, so that quit() can end chromedriver and the Chromium processes it
        # started (its process group) without touching anything else on the machine.
        self.process = subprocess.Popen(
            [self.chromedriver, f"--port={port}", f"--log-path={self.work_dir / 'chromedriver-verbose.log'}"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.watchdog = threading.Timer(self.max_seconds, self._expire)
        self.watchdog.daemon = True
        self.watchdog.start()

        deadline = time.monotonic() + 20
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"chromedriver exited with status {self.process.returncode} at start-up; "
                    f"see {self.work_dir / 'chromedriver.log'}"
                )
            try:
                if self._request("GET", "/status", timeout=2)["ready"]:
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chromedriver did not answer within 20 s")
            time.sleep(0.05)

        chrome_options: dict[str, Any] = {
            "args": CHROMIUM_SWITCHES + [f"--user-data-dir={self.profile_dir}"],
        }
        if self.chromium:
            chrome_options["binary"] = self.chromium
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": chrome_options,
            # Network.* DevTools events of the page, read back with performance_log().
            "goog:loggingPrefs": {"performance": "ALL"},
            # Page loads and scripts that take longer fail the command rather than the test run.
            "timeouts": {"pageLoad": 15000, "script": 10000, "implicit": 0},
            "unhandledPromptBehavior": "dismiss and notify",
        }
        value = self._request(
            "POST", "/session", {"capabilities": {"alwaysMatch": capabilities}}, timeout=40
        )
        self.session_id = value["sessionId"]
        # Debian's Chromium starts on its new-tab page (chrome://new-tab-page-third-party/, even with
        # about:blank on the command line), whose own chrome:// requests would show in the
        # performance log: leave it for about:blank and empty the log.
        self.navigate("about:blank")
        self.performance_log()
        self.startup_seconds = time.monotonic() - started

    def quit(self) -> None:
        """Ends the session and chromedriver; safe to call more than once, and after failures."""
        if self.session_id and self.process and self.process.poll() is None:
            try:
                self._request("DELETE", f"/session/{self.session_id}", timeout=10)
            except (OSError, WebDriverError):
                pass
        self.session_id = None
        if self.process:
            if self.process.poll() is None:
                try:
                    self._request("GET", "/shutdown", timeout=5)
                except (OSError, WebDriverError, ValueError):
                    pass
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            self._kill_group()
            self.process = None
        if self.watchdog:
            self.watchdog.cancel()
            self.watchdog = None
        shutil.rmtree(self.profile_dir, ignore_errors=True)

    def _kill_group(self) -> None:
        # The process group is the one chromedriver leads (start_new_session above): chromedriver and
        # whatever Chromium processes are left of this session, nothing else.
        if not self.process:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def _expire(self) -> None:
        # Runs on the watchdog thread: the request in flight on the main thread fails at once with a
        # connection error, and the test reports the time-out instead of hanging.
        self.timed_out = True
        self._kill_group()

    # -- protocol ----------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with self.opener.open(request, timeout=timeout or self.command_timeout) as response:
                payload = json.load(response)
        except urllib.error.HTTPError as e:
            # WebDriver errors come as 4xx/5xx with {"value": {"error", "message"}}.
            try:
                payload = json.load(e)
            except ValueError:
                raise WebDriverError(f"{method} {path}", "http error", f"HTTP {e.code}") from None
        except (OSError, ValueError) as e:
            if self.timed_out:
                raise TimeoutError(
                    f"the browser session took longer than {self.max_seconds:.0f} s and was killed"
                ) from None
            raise
        value = payload.get("value") if isinstance(payload, dict) else None
        if isinstance(value, dict) and "error" in value:
            cls = UnexpectedAlert if value["error"] == "unexpected alert open" else WebDriverError
            raise cls(f"{method} {path}", value["error"], value.get("message", ""))
        return value

    def command(self, method: str, path: str, body: Any = None) -> Any:
        if not self.session_id:
            raise RuntimeError("no WebDriver session")
        return self._request(method, f"/session/{self.session_id}{path}", body)

    # -- commands the tests use --------------------------------------------------------------------

    def navigate(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def current_url(self) -> str:
        return self.command("GET", "/url")

    def execute(self, script: str, args: list[Any] | None = None) -> Any:
        """Runs `script` as the body of a function in the page (synchronously); returns its value.

        Elements come back as references ({"element-6066-11e4-…": id}); pass them to
        element_screenshot, or back to execute() as arguments.
        """
        return self.command("POST", "/execute/sync", {"script": script, "args": args or []})

    def find(self, css: str) -> dict:
        """A reference to the first element matching a CSS selector."""
        return self.command("POST", "/element", {"using": "css selector", "value": css})

    def element_screenshot(self, element: dict) -> bytes:
        """PNG of one element (a reference from find() or execute())."""
        return base64.b64decode(self.command("GET", f"/element/{element_id(element)}/screenshot"))

    def screenshot(self) -> bytes:
        """PNG of the viewport (1280 x 2000 CSS pixels)."""
        return base64.b64decode(self.command("GET", "/screenshot"))

    def full_page_screenshot(self, max_height: int = 8000) -> bytes:
        """PNG of the page beyond the viewport, through chromedriver's DevTools passthrough: the
        window's width, and the page's height up to `max_height` CSS pixels (a long report is tens
        of thousands of pixels tall, which takes Chromium many seconds to capture, or fails); the
        viewport if the passthrough is not available."""
        try:
            metrics = self.cdp("Page.getLayoutMetrics", {})
            width = metrics["cssLayoutViewport"]["clientWidth"]
            height = min(metrics["cssContentSize"]["height"], max_height)
            shot = self.cdp(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                },
            )
            return base64.b64decode(shot["data"])
        except (WebDriverError, KeyError):
            return self.screenshot()

    def cdp(self, method: str, params: dict) -> Any:
        """A DevTools protocol command (chromedriver's goog/cdp/execute extension)."""
        return self.command("POST", "/goog/cdp/execute", {"cmd": method, "params": params})

    def performance_log(self) -> list[dict]:
        """The DevTools events logged since the last call (reading the log empties it), each as
        {"method": ..., "params": ...}."""
        entries = self.command("POST", "/se/log", {"type": "performance"})
        return [json.loads(entry["message"])["message"] for entry in entries]

    def load(self, url: str) -> list[dict]:
        """Navigates to `url` and returns the DevTools events logged while it loaded (the log is
        emptied first, so nothing from an earlier page is counted)."""
        self.performance_log()
        self.navigate(url)
        return self.performance_log()

    def alert_text(self) -> str | None:
        """The text of the open JavaScript dialog, or None when none is open."""
        try:
            return self.command("GET", "/alert/text")
        except WebDriverError as e:
            if e.error == "no such alert":
                return None
            raise
