import CreditRepair

/// Server-rendered pages. Shells carry no data: the officer pages fetch it from the API
/// with the officer's token (kept in the browser's localStorage); the public pages render
/// only published data. Plain JavaScript, no external CDN, readable on a phone.
enum Pages {
    static let style = """
    <style>
    body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
    header { background: #b71c1c; color: #fff; padding: 0.8em 1.2em; display: flex; flex-wrap: wrap; gap: 1em; align-items: center; }
    header a { color: #fff; text-decoration: none; } header .spacer { flex: 1; }
    main { max-width: 1100px; margin: 0 auto; padding: 1em; }
    h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.4em; }
    input[type=search], input[type=text], input[type=password] { font-size: 1.1em; padding: 0.5em; width: 100%; box-sizing: border-box; border: 1px solid #aaa; border-radius: 6px; }
    button { font-size: 1em; padding: 0.45em 0.9em; border: 1px solid #b71c1c; background: #fff; color: #b71c1c; border-radius: 6px; cursor: pointer; }
    table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.92em; }
    th, td { border: 1px solid #d0d7de; padding: 0.4em 0.5em; text-align: left; vertical-align: top; } th { background: #eef1f4; }
    #results li { list-style: none; padding: 0.5em; border-bottom: 1px solid #ddd; background: #fff; }
    #results { padding: 0; margin: 0.5em 0; }
    .badge { display: inline-block; font-size: 1.6em; font-weight: bold; width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center; border-radius: 50%; color: #fff; }
    .A { background: #2e7d32; } .B { background: #1565c0; } .C { background: #ef6c00; } .D { background: #b71c1c; }
    .muted { color: #57606a; font-size: 0.9em; } code { font-size: 0.85em; word-break: break-all; } .ticket { font-family: monospace; }
    @media (max-width: 640px) { th, td { font-size: 0.82em; padding: 0.3em; } }
    </style>
    """

    static func layout(title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapedMarkup(title))</title>\(style)</head><body>
        <header><strong>CreditEngine 信用监管</strong><a href="/">企业查询</a><a href="/draws">双随机抽查</a><a href="/public/draws">公示</a><span class="spacer"></span><span id="who" class="muted"></span></header>
        <main>\(body)</main>\(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
        """
    }

    /// Token handling shared by the officer pages: `#token=…` or the login box stores it.
    static let tokenScript = """
    const m = location.hash.match(/token=([^&]+)/); if (m) { localStorage.setItem('token', decodeURIComponent(m[1])); history.replaceState(null, '', location.pathname + location.search); }
    function token() { return localStorage.getItem('token') || ''; }
    async function api(path, options = {}) {
      const r = await fetch(path, { ...options, headers: { ...(options.headers || {}), 'Authorization': 'Bearer ' + token() } });
      if (!r.ok) { let e; try { e = (await r.json()).error } catch (_) { e = { message: r.statusText } } throw new Error(e.message || r.status); }
      return r;
    }
    function esc(s) { return String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c])); }
    document.getElementById('who').textContent = token() ? '已登录' : '未登录';
    """

    static let login = """
    <details id="login" style="margin-bottom:1em"><summary>登录（粘贴访问令牌）</summary>
    <p class="muted">令牌由管理员用 <code>credit token create --role officer --name 姓名</code> 生成。</p>
    <input type="password" id="tokenInput" placeholder="ce_…"> <button onclick="localStorage.setItem('token', document.getElementById('tokenInput').value); location.reload()">保存</button>
    </details>
    """

    static var officer: String {
        layout(title: "企业信用查询", body: """
            \(login)
            <h1>企业信用查询</h1>
            <input type="search" id="q" placeholder="输入企业名称片段或统一社会信用代码（至少2个字）" autocomplete="off" autofocus>
            <p id="status" class="muted"></p>
            <ul id="results"></ul>
            """, script: tokenScript + """
            const q = document.getElementById('q'), list = document.getElementById('results'), status = document.getElementById('status');
            let timer;
            async function run() {
              const text = q.value.trim();
              if (text.length < 2) { list.innerHTML = ''; status.textContent = ''; return; }
              try {
                const data = await (await api('/api/v1/enterprises?size=20&q=' + encodeURIComponent(text))).json();
                status.textContent = '共 ' + data.total + ' 条结果';
                list.innerHTML = data.items.map(h => '<li><a href="/enterprises/' + esc(h.uscc) + '">' + esc(h.name) + '</a> <span class="muted">' + esc(h.uscc) + ' · ' + esc(h.region) + ' · ' + esc(h.status) + '</span></li>').join('');
              } catch (e) { status.textContent = '查询失败：' + e.message; list.innerHTML = ''; }
            }
            q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 200); });
            const initial = new URLSearchParams(location.search).get('q'); if (initial) { q.value = initial; q.dispatchEvent(new Event('input')); }
            """)
    }

    static var enterprise: String {
        layout(title: "企业信用详情", body: """
            \(login)
            <div id="head"><p class="muted">加载中…</p></div>
            <p><button onclick="download('report?format=html','信用报告.html')">下载信用报告（HTML）</button>
               <button onclick="download('report?format=docx','信用报告.docx')">下载信用报告（DOCX）</button></p>
            <h2>分值构成（内部参考，不对外公开）</h2><div id="contributions"></div>
            <h2>如何改变类别</h2><div id="counterfactual"></div>
            <h2>信用修复告知书</h2><div id="notices"></div>
            <h2>分类历史</h2><div id="history"></div>
            """, script: tokenScript + """
            const uscc = location.pathname.split('/').pop();
            async function download(path, name) {
              const blob = await (await api('/api/v1/enterprises/' + uscc + '/' + path)).blob();
              const a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = name; a.click();
            }
            async function noticeDownload(no) {
              const blob = await (await api('/api/v1/notices/' + encodeURIComponent(no) + '?format=docx')).blob();
              const a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = no + '.docx'; a.click();
            }
            (async () => {
              try {
                const e = await (await api('/api/v1/enterprises/' + uscc)).json();
                document.getElementById('head').innerHTML = '<h1><span class="badge ' + esc(e.class) + '">' + esc(e.class) + '</span> ' + esc(e.name) + '</h1><p>' + esc(e.uscc) + ' · 分值 ' + e.score + ' · 分类日期 ' + esc(e.as_of) + (e.override ? ' · 直接判定：' + esc(e.override) : '') + '</p>';
                document.getElementById('contributions').innerHTML = '<table><tr><th>指标</th><th>类别</th><th>决定文书号</th><th>日期</th><th>计分</th><th>依据</th></tr>' + e.contributions.map(c => '<tr><td>' + esc(c.indicator) + '</td><td>' + esc(c.category || '登记信息') + '</td><td>' + esc(c.document_no || '-') + '</td><td>' + esc(c.decision_date || '') + '</td><td>' + c.points + '</td><td>' + esc(c.basis) + '</td></tr>').join('') + '</table>';
                const cf = e.counterfactual;
                document.getElementById('counterfactual').innerHTML = (cf.records.length ? '<ul>' + cf.records.map(r => '<li>' + esc(r.document_no) + ' 修复或期满后 → ' + esc(r.class_without) + '类（' + r.score_without + '分）</li>').join('') + '</ul>' : '<p>没有单条记录的修复会改变类别。</p>') + (cf.changes_on ? '<p>如无新记录，将于 ' + esc(cf.changes_on) + ' 变为 ' + esc(cf.class_then) + ' 类。</p>' : '');
                document.getElementById('history').innerHTML = '<table><tr><th>批次</th><th>分类日期</th><th>类别</th><th>分数</th></tr>' + e.history.map(h => '<tr><td>' + h.run_id + '</td><td>' + esc(h.as_of) + '</td><td>' + esc(h.class) + '</td><td>' + h.score + '</td></tr>').join('') + '</table>';
                const notices = await (await api('/api/v1/enterprises/' + uscc + '/notices')).json();
                document.getElementById('notices').innerHTML = notices.length ? '<ul>' + notices.map(n => '<li>' + esc(n.number) + '（' + esc(n.document_no) + '） <button onclick="noticeDownload(\\'' + esc(n.number) + '\\')">下载</button></li>').join('') + '</ul>' : '<p>无</p>';
              } catch (err) { document.getElementById('head').innerHTML = '<p>无法加载：' + esc(err.message) + '</p>'; }
            })();
            """)
    }

    static var draw: String {
        layout(title: "双随机抽查", body: """
            \(login)
            <h1>双随机抽查</h1>
            <p class="muted">先“准备”：冻结名录、执法人员名录等输入，生成秘密密钥 K，并公布承诺（含将使用哪一个事先确定的公共随机数）；该公共随机数产生后再“抽取”。抽取结果不可更改，作废须说明理由，作废的批次仍公开列出。</p>
            <h2>本月计划预览</h2><div id="plan" class="muted">加载中…</div>
            <h2>准备抽取（公布承诺）</h2>
            <label>抽查编号 <input type="text" id="id" placeholder="2026-11"></label>
            <label>抽取日期 <input type="text" id="asOf" placeholder="YYYY-MM-DD（默认今天）"></label>
            <label>公共随机数来源 <input type="text" id="source" placeholder="如：福利彩票双色球 2026-11-30 开奖号码"></label>
            <p><button onclick="prepareDraw()">准备并公布承诺</button></p><pre id="out"></pre>
            <h2>抽查批次</h2><div id="list"></div>
            """, script: tokenScript + """
            const statusText = { prepared: '已承诺，待抽取', valid: '有效', void: '已作废' };
            async function load() {
              try { const d = await (await api('/api/v1/draws')).json();
                document.getElementById('list').innerHTML = '<table><tr><th>编号</th><th>日期</th><th>状态</th><th>任务</th><th>未分配</th><th>承诺</th><th>receipt</th><th>操作</th></tr>' + d.map(x => '<tr><td><a href="/public/draws/' + esc(x.id) + '">' + esc(x.id) + '</a></td><td>' + esc(x.as_of) + '</td><td>' + esc(statusText[x.status]) + (x.void_reason ? '：' + esc(x.void_reason) : '') + '</td><td>' + x.tasks + '</td><td>' + x.unassigned + '</td><td><code>' + esc((x.commitment_sha256 || '—').slice(0, 16)) + '</code></td><td><code>' + esc((x.receipt_sha256 || '—').slice(0, 16)) + '</code></td><td>' + (x.status === 'prepared' ? '<button onclick="runDraw(\\'' + esc(x.id) + '\\')">抽取</button> ' : '') + (x.status !== 'void' ? '<button onclick="voidDraw(\\'' + esc(x.id) + '\\')">作废</button>' : '') + '</td></tr>').join('') + '</table>';
              } catch (e) { document.getElementById('list').textContent = e.message; } }
            async function post(path, body) {
              try { const r = await (await api(path, { method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body) })).json();
                document.getElementById('out').textContent = JSON.stringify(r, null, 2); load();
              } catch (e) { document.getElementById('out').textContent = '失败：' + e.message; } }
            function prepareDraw() {
              const body = { id: document.getElementById('id').value, randomness_source: document.getElementById('source').value };
              const asOf = document.getElementById('asOf').value.trim(); if (asOf) body.as_of = asOf;
              post('/api/v1/draws', body);
            }
            function runDraw(id) {
              const randomness = prompt('抽查 ' + id + '：输入承诺中指定来源公布的公共随机数'); if (!randomness) return;
              post('/api/v1/draws/' + encodeURIComponent(id) + '/run', { randomness });
            }
            function voidDraw(id) {
              const reason = prompt('作废抽查 ' + id + ' 的理由'); if (!reason) return;
              post('/api/v1/draws/' + encodeURIComponent(id) + '/void', { reason });
            }
            (async () => { try { const p = await (await api('/api/v1/draw-plan')).json();
                document.getElementById('plan').innerHTML = '<p>' + esc(p.plan_id) + ' — ' + esc(p.source) + '</p><table><tr><th>类别</th><th>比例</th><th>间隔(月)</th><th>名录</th><th>可抽</th><th>本月任务</th><th>12个月内至少被抽查一次</th></tr>' + p.classes.map(c => '<tr><td>' + esc(c.class) + '</td><td>' + esc(c.rate) + '</td><td>' + c.min_interval_months + '</td><td>' + c.frame + '</td><td>' + c.eligible + '</td><td>' + c.tasks + '</td><td>' + (c.chance_within_12_months * 100).toFixed(1) + '%</td></tr>').join('') + '</table>';
              } catch (e) { document.getElementById('plan').textContent = e.message; } })();
            load();
            """)
    }
}
