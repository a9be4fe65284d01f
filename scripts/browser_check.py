#!/usr/bin/env python3
"""Drives the officer, draw and public pages in headless Chromium over the DevTools protocol.

    python3 scripts/browser_check.py BASE_URL SHOT_PREFIX --officer-token T --regulator-token T
        --query 保定华 --notice-uscc USCC --draw-month 2026-12 --demo-draw 2026-12-demo

Steps (one summary line each; exit code 1 on the first failure, with the reason):
  1. officer page `/`: logs in through the page's login form, types QUERY key by key (the way
     a Chinese input method commits text: one key event carrying the character), waits for the
     results, goes to the next page with the pager;
  2. enterprise page `/enterprises/USCC` (an enterprise with a repair notice): waits for the
     explanation (score table), clicks the notice's download buttons (HTML and Word) and checks
     the files arrive, and fetches the notice with the stored token (status, content type);
  3. draw page `/draws` (regulator, logged in through the form): voids the demo draw of the
     month through its button (the reason is asked by a prompt), prepares a new draw of the
     same month through the form, and runs it through its button: the public randomness is
     asked by a dialog, which must show before the run request leaves the page;
  4. public pages: search with paging, an enterprise, the draw list, the new draw and its
     results, online repair, report check.
On every page: screenshots at 1400 and 400 px wide (SHOT_PREFIX-NN-page-WIDTH.png), a note when
the page scrolls sideways at 400 px, no uncaught JavaScript error, no alert(), and the English
check: visible text (and placeholders) must carry no word of 3+ ASCII letters except the
allow-list below; tokens containing a digit (codes, digests, dates, draw ids) are skipped, as
is text inside <code>. Needs chromium and python3-websocket (Debian) and nothing else.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # python3-websocket (websocket-client)

# Latin words a Chinese reader of these pages meets as such, kept small on purpose: the
# digest's standard name (SHA, as in “SHA-256”), the file types offered or accepted
# (HTML/PDF/DOCX/JSON/CSV/XLSX/ZIP/JPG/PNG), and “Word”, the name under which Chinese
# offices know the DOCX format (“Word 版”). An identifier meant to be shown as such belongs
# in <code>, which the check skips.
ALLOWED = {"SHA", "HTML", "PDF", "DOCX", "JSON", "CSV", "XLSX", "ZIP", "JPG", "PNG", "Word"}

# A token: letters, digits and the joiners of codes and file names. A token with a digit is a
# code, a digest, a date or an id (91130602MA00F6R07Q, 2026-12-demo, SHA-256) and is skipped.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/:]*")
WORD = re.compile(r"[A-Za-z]{3,}")

VISIBLE_TEXT = r"""
(() => {
  const skipped = new Set(['CODE', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'TEXTAREA']);
  function where(e) {
    const parts = [];
    for (let a = e; a && a !== document.body && parts.length < 3; a = a.parentElement)
      parts.unshift(a.tagName.toLowerCase() + (a.id ? '#' + a.id : ''));
    return parts.join('>');
  }
  function visible(e) {
    if (!e.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
    const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;
  }
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    let e = n.parentElement, skip = false;
    for (let a = e; a; a = a.parentElement) if (skipped.has(a.tagName.toUpperCase())) { skip = true; break; }
    if (skip || !visible(e)) continue;
    out.push([where(e), text]);
  }
  document.querySelectorAll('input[placeholder]').forEach(i => {
    if (visible(i) && !i.value) out.push([where(i) + '[placeholder]', i.placeholder]);
  });
  return out;
})()
"""

OVERFLOW = r"""
(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  // What makes the page wide: boxes sticking out of their parent past the window's edge, and
  // boxes whose content (unwrapped text) runs past it.
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '');
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect(), parent = e.parentElement.getBoundingClientRect();
    const content = r.left + e.scrollWidth;
    if (r.right > width + 1 && r.right > parent.right + 1) wide.push([r.right, name(e)]);
    else if (content > width + 1 && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible'
             && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1 || c.scrollWidth > c.clientWidth + 1))
      wide.push([content, name(e) + ' (content)']);
  }
  wide.sort((a, b) => b[0] - a[0]);
  return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 4).map(([right, what]) => what + ' to ' + Math.round(right) + ' px') };
})()
"""


class CheckFailed(Exception):
    pass


class Page:
    """One page target over the DevTools protocol: commands, and the events they bring along."""

    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=30)
        self.counter = 0
        self.sequence = 0            # order of events seen (dialogs before requests…)
        self.dialogs = []            # (sequence, type, message, answer)
        self.requests = []           # (sequence, method, url)
        self.errors = []             # uncaught exceptions in the page
        self.downloads = {}          # guid → {name, state}
        self.answer = lambda kind, message: ""   # prompt text for a dialog

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        self.sequence += 1
        if method == "Page.javascriptDialogOpening":
            text = self.answer(params["type"], params["message"])
            self.dialogs.append((self.sequence, params["type"], params["message"], text))
            self.counter += 1  # its answer is read and dropped by call()
            self.ws.send(json.dumps({"id": self.counter, "method": "Page.handleJavaScriptDialog",
                                     "params": {"accept": True, "promptText": text}}))
        elif method == "Network.requestWillBeSent":
            request = params["request"]
            self.requests.append((self.sequence, request["method"], request["url"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.errors.append(f"{text.splitlines()[0] if text else '?'} ({details.get('url', '')}:{details.get('lineNumber', '?')})")
        elif method in ("Browser.downloadWillBegin", "Page.downloadWillBegin"):
            self.downloads[params["guid"]] = {"name": params.get("suggestedFilename"), "state": "started"}
        elif method in ("Browser.downloadProgress", "Page.downloadProgress"):
            self.downloads.setdefault(params["guid"], {"name": None})["state"] = params["state"]

    def call(self, method, **params):
        self.counter += 1
        mine = self.counter
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if "method" in message:
                self._event(message)
            elif message.get("id") == mine:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise CheckFailed(f"script failed in the page: {result['exceptionDetails'].get('exception', {}).get('description', expression)}")
        return result["result"].get("value")

    def wait(self, expression, what, timeout=15.0):
        # While a page loads or reloads (the login reloads it) its elements may not exist yet:
        # an exception in the expression means "not yet", and the last one is reported on timeout.
        deadline = time.time() + timeout
        last_error = None
        while True:
            try:
                value = self.evaluate(f"(() => {{ const v = ({expression}); return v instanceof Node ? true : v; }})()")
            except CheckFailed as error:
                value, last_error = None, error
            if value:
                return value
            if time.time() > deadline:
                raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last: {last_error})" if last_error else ""))
            time.sleep(0.1)

    def goto(self, url, ready="true", what=None):
        self.call("Page.navigate", url=url)
        self.wait(f"location.href === {json.dumps(url)} && document.readyState === 'complete' && ({ready})",
                  what or f"{url} to load")

    def click(self, element, what):
        """A real mouse click in the middle of the element (a JavaScript expression)."""
        point = self.evaluate(f"""(() => {{ const e = {element}; if (!e) return null;
            e.scrollIntoView({{ block: 'center' }}); const r = e.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        if not point:
            raise CheckFailed(f"no {what} to click")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=point[0], y=point[1], button="left", clickCount=1)

    def type_keys(self, text):
        for character in text:  # one key press per character
            self.call("Input.dispatchKeyEvent", type="keyDown", text=character, unmodifiedText=character, key=character)
            self.call("Input.dispatchKeyEvent", type="keyUp", key=character)
            time.sleep(0.03)

    def settle(self):
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", await_promise=True)


class Check:
    def __init__(self, page, prefix, first_shot):
        self.page, self.prefix, self.first_shot = page, prefix, first_shot
        self.number = 0
        self.english = []    # (page, where, text, words)
        self.overflow = []   # (page, width, detail)
        self.shots = []
        self.dialogs_seen = 0    # alerts before this are reported already

    def visit(self, name, label):
        """Screenshots at 1400 and 400 px, the English check, no page errors, no alerts."""
        page = self.page
        self.number += 1
        widths = []
        for width in (1400, 400):
            page.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=width < 600)
            page.settle()
            if width == 1400:
                found = self.english_in(page.evaluate(VISIBLE_TEXT))
                for where, text, words in found:
                    self.english.append((label, where, text, words))
            else:
                wide = page.evaluate(OVERFLOW)
                if wide:
                    self.overflow.append((label, width, f"page is {wide['scrollWidth']} px wide in a {wide['width']} px window; "
                                                        f"widest: {', '.join(wide['wide'])}"))
            content = page.call("Page.getLayoutMetrics")["cssContentSize"]
            height = min(max(900, int(content["height"])), 16000)
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                             clip={"x": 0, "y": 0, "width": max(width, int(content["width"])), "height": height, "scale": 1})
            path = f"{self.prefix}-{self.number:02d}-{name}-{width}.png"
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            if self.first_shot and name == "officer-search" and width == 1400:
                shutil.copyfile(path, self.first_shot)
            self.shots.append(path)
            widths.append(f"{width}px {height}px high")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        errors, page.errors = page.errors, []
        if errors:
            raise CheckFailed(f"{label}: JavaScript error in the page: {errors[0]}")
        alerts = [m for _, kind, m, _ in page.dialogs[self.dialogs_seen:] if kind == "alert"]
        self.dialogs_seen = len(page.dialogs)
        if alerts:
            raise CheckFailed(f"{label}: the page showed an alert: {alerts[0]}")
        english = [e for e in self.english if e[0] == label]
        return (f"screenshots {', '.join(widths)}; "
                + (f"{len(english)} text(s) with English" if english else "no English"))

    @staticmethod
    def english_in(texts):
        found = []
        for where, text in texts:
            words = []
            for token in TOKEN.findall(text):
                if any(c.isdigit() for c in token):
                    continue
                words += [w for w in WORD.findall(token) if w not in ALLOWED and w.upper() not in ALLOWED]
            if words:
                found.append((where, text if len(text) <= 120 else text[:117] + "…", words))
        return found


def officer_steps(page, check, base, args):
    # 1. Login through the form (no token in the address), then the search with paging.
    page.goto(base + "/", "!document.getElementById('login').hidden", "the login form on /")
    summary = check.visit("officer-login", "/ (登录)")
    print(f"ok  login form: {summary}")
    page.evaluate("document.getElementById('tokenInput').focus()")
    page.call("Input.insertText", text=args.officer_token)
    page.click("document.querySelector('#login button[type=submit]')", "login button")
    who = page.wait("!document.getElementById('content').hidden && document.getElementById('who').textContent.includes('（')"
                    " && document.getElementById('who').textContent", "the search page after login")
    print(f"ok  login: the form accepted the officer token; header shows {who}")

    page.evaluate("document.getElementById('q').focus()")
    page.type_keys(args.query)
    typed = page.evaluate("document.getElementById('q').value")
    if typed != args.query:
        raise CheckFailed(f"search: typed {args.query!r} but the box holds {typed!r}")
    page.wait("document.querySelectorAll('#results a[href^=\"/enterprises/\"]').length > 0", "search results")
    first = page.evaluate("document.querySelector('#results a').getAttribute('href')")
    status = page.evaluate("document.getElementById('status').textContent")
    page.wait("!document.getElementById('pager').hidden", "the pager (the query should give more than one page)")
    info1 = page.evaluate("document.getElementById('pageInfo').textContent")
    page.click("document.getElementById('next')", "下一页 button")
    page.wait(f"document.getElementById('pageInfo').textContent.startsWith('第 2 ')"
              f" && document.querySelector('#results a') && document.querySelector('#results a').getAttribute('href') !== {json.dumps(first)}",
              "page 2 of the results")
    info2 = page.evaluate("document.getElementById('pageInfo').textContent")
    count = page.evaluate("document.querySelectorAll('#results li').length")
    page.wait("!['classes', 'regions'].some(id => document.getElementById(id).textContent.startsWith('加载中'))", "the class charts")
    summary = check.visit("officer-search", "/ (企业查询)")
    print(f"ok  search: typed {typed}, {status}, {info1} → {info2} ({count} shown); {summary}")

    # 2. An enterprise with a repair notice: explanation, notice download.
    uscc = args.notice_uscc
    page.goto(f"{base}/enterprises/{uscc}", "document.querySelector('#head h1') && document.querySelector('#contributions table')"
              " && document.querySelector('#notices button')",
              f"the explanation of {uscc}")
    page.wait("document.getElementById('reminders').childElementCount > 0", "the reminders section")
    title = page.evaluate("document.querySelector('#head h1').textContent.trim()")
    rows = page.evaluate("document.querySelectorAll('#contributions tr').length - 2")
    number = page.evaluate("document.querySelector('#notices button').dataset.no")
    downloads = tempfile.mkdtemp(prefix="credit-downloads-")
    try:
        try:
            page.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads, eventsEnabled=True)
        except RuntimeError:
            page.call("Page.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        got = []
        for fmt in ("html", "docx"):
            name = f"{number}.{fmt}"
            page.click(f"document.querySelector('#notices button[data-format={fmt}]')", f"the notice's {fmt} button")
            deadline = time.time() + 15
            while not (os.path.exists(os.path.join(downloads, name)) and os.path.getsize(os.path.join(downloads, name)) > 0
                       and not any(f.endswith(".crdownload") for f in os.listdir(downloads))):
                page.evaluate("1")  # reads the events (an alert on failure)
                if any(kind == "alert" for _, kind, _, _ in page.dialogs):
                    raise CheckFailed(f"notice download: the page said {[m for _, k, m, _ in page.dialogs if k == 'alert'][0]}")
                if time.time() > deadline:
                    raise CheckFailed(f"notice download: {name} did not arrive in 15 s (files: {os.listdir(downloads)})")
                time.sleep(0.1)
            with open(os.path.join(downloads, name), "rb") as f:
                head = f.read(64)
            if fmt == "docx" and not head.startswith(b"PK"):
                raise CheckFailed(f"notice download: {name} is not a DOCX (ZIP) file: {head[:16]!r}")
            if fmt == "html" and b"<" not in head:
                raise CheckFailed(f"notice download: {name} does not look like HTML: {head[:32]!r}")
            got.append(f"{name} {os.path.getsize(os.path.join(downloads, name))} bytes")
    finally:
        shutil.rmtree(downloads, ignore_errors=True)
    fetched = page.evaluate(f"""(async () => {{
        const out = [];
        for (const format of ['html', 'docx']) {{
          const r = await fetch('/api/v1/notices/' + encodeURIComponent({json.dumps(number)}) + '?format=' + format,
                                {{ headers: {{ Authorization: 'Bearer ' + localStorage.getItem('token') }} }});
          const body = await r.arrayBuffer();
          out.push({{ format, status: r.status, type: r.headers.get('content-type') || '', size: body.byteLength }});
        }}
        return out; }})()""", await_promise=True)
    expected = {"html": "text/html", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for f in fetched:
        if f["status"] != 200 or not f["type"].startswith(expected[f["format"]]) or f["size"] == 0:
            raise CheckFailed(f"notice fetch with the stored token: {f}")
    summary = check.visit("officer-enterprise", "/enterprises/{uscc} (企业信用详情)")
    print(f"ok  enterprise: {title}, {rows} score rows; notice {number} downloaded through the page ({', '.join(got)}); "
          f"fetch with the stored token: {', '.join(f['format'] + ' ' + str(f['status']) + ' ' + f['type'] for f in fetched)}; {summary}")


def draw_steps(page, check, base, args):
    # 3. The draw page, as the regulator: void the demo draw, prepare and run a new one.
    page.evaluate("localStorage.removeItem('token')")
    page.goto(base + "/draws", "!document.getElementById('login').hidden", "the login form on /draws")
    page.evaluate("document.getElementById('tokenInput').focus()")
    page.call("Input.insertText", text=args.regulator_token)
    page.click("document.querySelector('#login button[type=submit]')", "login button")
    page.wait("document.getElementById('logout') && !document.getElementById('logout').hidden", "the draw page after login")
    page.settle()
    kept = page.evaluate("[!!localStorage.getItem('token'), document.getElementById('login').hidden,"
                         " (document.getElementById('loginError') || {}).textContent || '']")
    if not kept[0] or not kept[1]:
        raise CheckFailed(f"/draws: after logging in the page threw the token away and shows the login form again "
                          f"(its message: “{kept[2]}”); buttons would send no token")
    demo = json.dumps(args.demo_draw)
    row = f"[...document.querySelectorAll('#list tr')].find(r => r.cells[0] && r.cells[0].textContent === {{id}})"
    page.wait(f"{row.format(id=demo)}", f"the demo draw {args.demo_draw} in the list")
    answers = {"作废": "浏览器检查：作废演示批次，以便本月重新抽取", "随机数": "browser-check-randomness-0001"}
    page.answer = lambda kind, message: next((text for key, text in answers.items() if key in message), "") if kind == "prompt" else ""
    page.click(f"[...{row.format(id=demo)}.querySelectorAll('button')].find(b => b.textContent === '作废')", "作废 button of the demo draw")
    page.wait(f"{row.format(id=demo)}.cells[2].textContent.startsWith('已作废')", "the demo draw to show as void")
    voided = [d for d in page.dialogs if "作废" in d[2]]
    if not voided:
        raise CheckFailed("draw: voiding asked for no reason (no dialog)")
    print(f"ok  draw void: {args.demo_draw} voided through its button ({voided[0][1]} “{voided[0][2]}” answered)")

    new = f"{args.draw_month}-bc"
    for field, value in (("id", new), ("source", "浏览器检查用固定值")):
        page.evaluate(f"document.getElementById('{field}').focus()")
        page.call("Input.insertText", text=value)
    page.click("[...document.querySelectorAll('button')].find(b => b.textContent.startsWith('准备'))", "准备并公布承诺 button")
    page.wait(f"{row.format(id=json.dumps(new))}", f"the prepared draw {new} in the list")
    out = page.evaluate("document.getElementById('out').textContent")
    if out.startswith("失败"):
        raise CheckFailed(f"draw prepare: {out}")
    page.wait(f"{row.format(id=json.dumps(new))}.cells[2].textContent.startsWith('已承诺')", f"{new} to show as prepared")
    print(f"ok  draw prepare: {new} prepared through the form")

    before = len(page.dialogs)
    page.click(f"[...{row.format(id=json.dumps(new))}.querySelectorAll('button')].find(b => b.textContent === '抽取')", "抽取 button")
    page.wait(f"{row.format(id=json.dumps(new))}.cells[2].textContent === '有效' || document.getElementById('out').textContent.startsWith('失败')",
              f"{new} to be run", timeout=30)
    out = page.evaluate("document.getElementById('out').textContent")
    if out.startswith("失败"):
        raise CheckFailed(f"draw run: {out}")
    shown = page.dialogs[before:]
    runs = [s for s, method, url in page.requests if method == "POST" and url.endswith(f"/api/v1/draws/{new}/run")]
    if not shown:
        raise CheckFailed("draw run: the run went without a confirmation dialog")
    if not any(new in d[2] for d in shown):
        raise CheckFailed(f"draw run: the dialog before the run does not name the draw {new}: {shown}")
    if not runs or shown[0][0] > runs[0]:
        raise CheckFailed(f"draw run: the dialog did not come before the run request (dialogs {shown}, requests {runs})")
    confirms = [d for d in shown if d[1] == "confirm"]
    tasks = page.evaluate(f"{row.format(id=json.dumps(new))}.cells[3].textContent")
    summary = check.visit("draws", "/draws (双随机抽查)")
    print(f"ok  draw run: {new} run through its button after {len(shown)} dialog(s) "
          f"({'; '.join(d[1] + ' “' + d[2] + '”' for d in shown)}){'' if confirms else ' — no confirm(), the prompt stands for it'}; "
          f"{tasks} tasks; {summary}")
    return new


def public_steps(page, check, base, args, draw):
    # 4. The public pages (the new draw and the voided demo one; the demo one alone when the
    # draw steps failed).
    from urllib.parse import quote
    q = args.public_query
    page.goto(f"{base}/public/credit?q={quote(q)}", "document.querySelector('ol.results li')", "public search results")
    page.click("[...document.querySelectorAll('nav.pager a')].find(a => a.textContent === '下一页')", "下一页 link")
    page.wait("location.search.includes('page=2') && document.readyState === 'complete' && document.querySelector('ol.results li')",
              "public search page 2")
    info = page.evaluate("document.querySelector('nav.pager span').textContent")
    summary = check.visit("public-search", "/public/credit?q=… (企业信用信息查询)")
    print(f"ok  public search: {q} → {info}; {summary}")
    h1 = "document.querySelector('main h1')"
    pages = [("public-enterprise", f"/public/credit/{args.notice_uscc}", "/public/credit/{uscc}", h1),
             ("public-draws", "/public/draws", "/public/draws", f"document.body.textContent.includes({json.dumps(draw or args.demo_draw)})")]
    if draw:
        pages.append(("public-draw", f"/public/draws/{draw}", "/public/draws/{id}", h1))
    pages += [("public-draw-demo", f"/public/draws/{args.demo_draw}", "/public/draws/{id}" + (" (已作废)" if draw else ""), h1),
              ("public-results", f"/public/draws/{draw or args.demo_draw}/results", "/public/draws/{id}/results", h1),
              ("public-repairs", "/public/repairs", "/public/repairs", h1),
              ("public-reports", "/public/reports", "/public/reports", h1)]
    for name, path, label, ready in pages:
        page.goto(base + path, ready, f"{path} to load")
        heading = page.evaluate("(document.querySelector('main h1') || {}).textContent || ''")
        summary = check.visit(name, label)
        print(f"ok  {label}: {heading}; {summary}")


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # the step lines in order with the failure on stderr
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("prefix", help="screenshots are PREFIX-NN-page-WIDTH.png")
    parser.add_argument("--first-shot", help="also copy the search results' screenshot (1400 px) here")
    parser.add_argument("--officer-token", required=True)
    parser.add_argument("--regulator-token", required=True)
    parser.add_argument("--query", default="保定华", help="typed into the officer search (more than 20 hits)")
    parser.add_argument("--public-query", default="保定")
    parser.add_argument("--notice-uscc", required=True, help="an enterprise with a repair notice")
    parser.add_argument("--draw-month", required=True, help="the month of the demo draw (the new draw is MONTH-bc)")
    parser.add_argument("--demo-draw", required=True, help="the demo draw's id (voided by the check)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    started = time.time()

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium is not installed (apt-get install -y chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    profile = tempfile.mkdtemp(prefix="credit-browser-")
    chrome = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,900",
         "--lang=zh-CN", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "LANGUAGE": "zh_CN"})
    check = None
    try:
        port = None
        deadline = time.time() + 20
        while port is None and time.time() < deadline:
            line = chrome.stderr.readline()
            if "DevTools listening on ws://" in line:
                port = line.split("ws://")[1].split("/")[0].split(":")[1]
        if port is None:
            print("browser check FAILED: chromium did not start its DevTools endpoint", file=sys.stderr)
            return 1
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Network"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        check = Check(page, args.prefix, args.first_shot)
        failures = []

        def step(name, run, *more):
            """Runs a group of steps; a failure is reported and the next group still runs."""
            try:
                return run(page, check, base, args, *more)
            except CheckFailed as failure:
                failures.append(f"{name}: {failure}")
                print(f"FAIL {name}: {failure}", file=sys.stderr)
                page.answer = lambda kind, message: ""
                try:  # the page as the failure left it: screenshots and its English too
                    where = page.evaluate("location.pathname")
                    summary = check.visit("failure", f"{where} (at the failure)")
                    print(f"     the page at the failure, {where}: {summary}", file=sys.stderr)
                except (CheckFailed, RuntimeError):
                    pass
                page.errors = []
                check.dialogs_seen = len(page.dialogs)
                return None

        step("officer pages", officer_steps)
        draw = step("draw page", draw_steps)
        step("public pages", public_steps, draw)
        page.ws.close()
        for label, width, detail in check.overflow:
            print(f"note  {label} at {width} px: {detail}")
        if failures:
            print(f"browser check FAILED after {time.time() - started:.0f} s:", file=sys.stderr)
            for failure in failures:
                print(f"  {failure}", file=sys.stderr)
        if check.english:
            texts = {}  # the same text on several pages (or twice on one) is listed once
            for label, where, text, words in check.english:
                entry = texts.setdefault((where, text), ([], words))
                if label not in entry[0]:
                    entry[0].append(label)
            print(f"browser check FAILED: English on the pages ({len(texts)} text(s); allowed: {', '.join(sorted(ALLOWED))}; "
                  f"identifiers belong in <code>):", file=sys.stderr)
            for (where, text), (labels, words) in texts.items():
                print(f"  {' + '.join(labels)}  {where}: “{text}”  ({', '.join(dict.fromkeys(words))})", file=sys.stderr)
        if failures or check.english:
            return 1
        print(f"browser check passed in {time.time() - started:.0f} s: {len(check.shots)} screenshots {args.prefix}-*.png")
        return 0
    finally:
        chrome.kill()
        chrome.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
