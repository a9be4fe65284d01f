#!/usr/bin/env python3
"""Types a name into the officer search page in headless Chromium, over the DevTools protocol.

    python3 scripts/browser_check.py URL QUERY SCREENSHOT.png

Opens URL, focuses the search box, presses one key per character of QUERY (the way a
Chinese input method commits text: a key event carrying the character), then waits for the
result list to appear, prints how many results it shows, and saves a screenshot. Exit code 1
when no result appears within 15 seconds. Needs chromium and python3-websocket (Debian).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # python3-websocket (websocket-client)


def main() -> int:
    url, query, screenshot = sys.argv[1], sys.argv[2], sys.argv[3]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium is not installed (apt-get install -y chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    profile = tempfile.mkdtemp(prefix="credit-browser-")
    chrome = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,900",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 20
        while port is None and time.time() < deadline:
            line = chrome.stderr.readline()
            if "DevTools listening on ws://" in line:
                port = line.split("ws://")[1].split("/")[0].split(":")[1]
        if port is None:
            print("chromium did not start its DevTools endpoint", file=sys.stderr)
            return 1
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=20)
        counter = 0

        def call(method, **params):
            nonlocal counter
            counter += 1
            ws.send(json.dumps({"id": counter, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == counter:
                    if "error" in message:
                        raise RuntimeError(f"{method}: {message['error']}")
                    return message.get("result", {})

        def evaluate(expression):
            return call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

        call("Page.enable")
        call("Page.navigate", url=url)
        deadline = time.time() + 15
        while evaluate("document.readyState") != "complete" or not evaluate("!!document.getElementById('q')"):
            if time.time() > deadline:
                print("the search page did not load", file=sys.stderr)
                return 1
            time.sleep(0.1)
        evaluate("document.getElementById('q').focus()")
        for character in query:  # one key press per character
            call("Input.dispatchKeyEvent", type="keyDown", text=character, unmodifiedText=character, key=character)
            call("Input.dispatchKeyEvent", type="keyUp", key=character)
            time.sleep(0.05)
        typed = evaluate("document.getElementById('q').value")
        results = 0
        deadline = time.time() + 15
        while time.time() < deadline:
            results = evaluate("document.querySelectorAll('a[href^=\"/enterprises/\"]').length") or 0
            if results > 0:
                break
            time.sleep(0.2)
        status = evaluate("(document.getElementById('status') || {}).textContent || ''")
        shot = call("Page.captureScreenshot", format="png")
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        ws.close()
        if typed != query or results < 1:
            print(f"browser check FAILED: typed {typed!r}, {results} results, status {status!r}", file=sys.stderr)
            return 1
        print(f"browser check passed: typed {typed}, {results} results ({status}); screenshot {screenshot}")
        return 0
    finally:
        chrome.kill()
        chrome.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
