import CreditRepair

/// Server-rendered pages. Shells carry no data: the officer pages fetch it from the API
/// with the officer's token (kept in the browser's localStorage); the public pages render
/// only published data. Plain JavaScript, no external CDN, readable on a phone.
enum Pages {
    static let style = """
    <style>
    body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; line-height: 1.55; }
    header { background: #b71c1c; color: #fff; padding: 0.7em 1.2em; display: flex; flex-wrap: wrap; gap: 0.6em 1.2em; align-items: center; }
    header a { color: #fff; } header .title { font-weight: bold; font-size: 1.1em; } header .spacer { flex: 1; }
    header #who { color: #fff; } header button { background: #fff; color: #b71c1c; border-color: #fff; padding: 0.2em 0.7em; }
    main { max-width: 1100px; margin: 0 auto; padding: 1em; }
    h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #d0d7de; }
    label { display: block; margin: 0.4em 0 0.2em; }
    input[type=search], input[type=text], input[type=password] { font-size: 1.05em; padding: 0.5em; width: 100%; box-sizing: border-box; border: 1px solid #6e7781; border-radius: 6px; }
    input, button { font-family: inherit; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; }
    button { font-size: 1em; padding: 0.45em 0.9em; border: 1px solid #b71c1c; background: #fff; color: #b71c1c; border-radius: 6px; cursor: pointer; }
    button.primary { background: #b71c1c; color: #fff; }
    table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.92em; }
    th, td { border: 1px solid #d0d7de; padding: 0.4em 0.5em; text-align: left; vertical-align: top; } th { background: #eef1f4; }
    td.num, th.num { text-align: right; white-space: nowrap; } td.date { white-space: nowrap; }
    #results li { list-style: none; padding: 0.5em; border-bottom: 1px solid #ddd; background: #fff; display: flex; gap: 0.6em; align-items: center; }
    #results { padding: 0; margin: 0.5em 0; }
    .badge { display: inline-block; font-size: 1.6em; font-weight: bold; width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center; border-radius: 50%; color: #fff; }
    .badge.small { font-size: 0.95em; }
    .A { background: #2e7d32; } .B { background: #1565c0; } .C { background: #b85c00; } .D { background: #b71c1c; }
    .muted { color: #4b535c; font-size: 0.9em; } code { font-size: 0.85em; word-break: break-all; } .ticket { font-family: monospace; }
    .bad { color: #b71c1c; } .panel { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 0.8em 1em; margin: 0.8em 0; }
    .pager { display: flex; gap: 1em; align-items: center; margin: 0.6em 0; }
    figure { margin: 0.5em 0; } figure svg { max-width: 100%; height: auto; } figure table { margin-top: 0.4em; }
    details.data summary { cursor: pointer; color: #1565c0; }
    td.code, td.id { white-space: nowrap; }
    @media (max-width: 640px) { th, td { font-size: 0.82em; padding: 0.3em; } table { display: block; overflow-x: auto; } th, td { min-width: 3.5em; } }
    @media print { header, #login, button, .pager, details.data summary { display: none !important; } body { background: #fff; } .panel { border: none; } }
    </style>
    """

    static func layout(title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapedMarkup(title))</title>\(style)</head><body>
        <header><span class="title">信用监管工作台</span><nav aria-label="工作台"><a href="/">企业查询</a> · <a href="/draws">双随机抽查</a> · <a href="/public/credit">公共服务</a></nav>
        <span class="spacer"></span><span id="who" aria-live="polite">未登录</span><button id="logout" hidden onclick="logout()">退出</button></header>
        <main>\(body)</main>\(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
        """
    }

    /// Token handling shared by the officer pages: `#token=…` or the login form stores it;
    /// `/api/v1/me` tells who it belongs to. Without a valid token the login form shows and the
    /// page's own content (`#content`) stays hidden.
    static let tokenScript = """
    const m = location.hash.match(/token=([^&]+)/); if (m) { localStorage.setItem('token', decodeURIComponent(m[1])); history.replaceState(null, '', location.pathname + location.search); }
    function token() { return localStorage.getItem('token') || ''; }
    async function api(path, options = {}) {
      const r = await fetch(path, { ...options, headers: { ...(options.headers || {}), 'Authorization': 'Bearer ' + token() } });
      if (!r.ok) { let e; try { e = (await r.json()).error } catch (_) { e = { message: '请求失败（' + r.status + '）' } } throw new Error(e.message || r.status); }
      return r;
    }
    function esc(s) { return String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }
    function logout() { localStorage.removeItem('token'); location.reload(); }
    async function login(ev) {
      ev.preventDefault();
      localStorage.setItem('token', document.getElementById('tokenInput').value.trim());
      try { await api('/api/v1/me'); location.reload(); }
      catch (e) { localStorage.removeItem('token'); document.getElementById('loginError').textContent = '登录失败：' + e.message; }
    }
    const session = (async () => {
      const content = document.getElementById('content'), box = document.getElementById('login');
      if (!token()) { box.hidden = false; return null; }
      try {
        const me = await (await api('/api/v1/me')).json();
        document.getElementById('who').textContent = me.name + '（' + me.role_name + '）';
        document.getElementById('logout').hidden = false;
        content.hidden = false;
        return me;
      } catch (e) { localStorage.removeItem('token'); box.hidden = false; document.getElementById('loginError').textContent = e.message; return null; }
    })();
    """

    static let login = loginForm(role: "officer")

    /// The login form; the hint names the role the page needs.
    static func loginForm(role: String) -> String {
        """
        <form id="login" class="panel" hidden onsubmit="login(event)">
        <h1>登录</h1>
        <label for="tokenInput">访问令牌</label>
        <input type="password" id="tokenInput" autocomplete="off" required>
        <p class="muted">令牌由系统管理员发放（<code>credit token create --role \(role) --name 姓名</code>）。</p>
        <p><button type="submit" class="primary">登录</button> <span id="loginError" class="bad" role="alert"></span></p>
        </form>
        """
    }

    static var officer: String {
        layout(title: "企业信用查询", body: """
            \(login)
            <div id="content" hidden>
            <h1>企业信用查询</h1>
            <label for="q">企业名称片段或统一社会信用代码（至少2个字）</label>
            <input type="search" id="q" autocomplete="off" autofocus>
            <p id="status" class="muted" role="status"></p>
            <ul id="results"></ul>
            <nav class="pager" id="pager" aria-label="分页" hidden><button id="prev">上一页</button><span id="pageInfo"></span><button id="next">下一页</button></nav>
            <h2>本期分类结果</h2><div id="classes" class="muted">加载中…</div>
            <h2>各区县分类结构</h2><div id="regions" class="muted">加载中…</div>
            </div>
            """, script: tokenScript + """
            const q = document.getElementById('q'), list = document.getElementById('results'), status = document.getElementById('status');
            const pager = document.getElementById('pager');
            let timer, page = 1;
            const className = { A: '信用风险低', B: '信用风险一般', C: '信用风险较高', D: '信用风险高' };
            async function run() {
              const text = q.value.trim();
              if (text.length < 2) { list.innerHTML = ''; status.textContent = ''; pager.hidden = true; return; }
              try {
                const data = await (await api('/api/v1/enterprises?size=20&page=' + page + '&q=' + encodeURIComponent(text))).json();
                const pages = Math.max(1, Math.ceil(data.total / data.size));
                status.textContent = '共 ' + data.total + ' 条结果';
                list.innerHTML = data.items.map(h => '<li>' + (h.class ? '<span class="badge small ' + esc(h.class) + '" title="' + esc(className[h.class]) + '">' + esc(h.class) + '</span>' : '<span class="badge small" style="background:#6e7781" title="未分类">—</span>') + '<span><a href="/enterprises/' + esc(h.uscc) + '">' + esc(h.name) + '</a><br><span class="muted">' + esc(h.uscc) + ' · ' + esc(h.region_name || h.region) + ' · ' + esc(h.status) + '</span></span></li>').join('');
                pager.hidden = pages <= 1;
                document.getElementById('pageInfo').textContent = '第 ' + page + ' / ' + pages + ' 页';
                document.getElementById('prev').disabled = page <= 1;
                document.getElementById('next').disabled = page >= pages;
              } catch (e) { status.textContent = '查询失败：' + e.message; list.innerHTML = ''; pager.hidden = true; }
            }
            q.addEventListener('input', () => { clearTimeout(timer); page = 1; timer = setTimeout(run, 200); });
            document.getElementById('prev').addEventListener('click', () => { page -= 1; run(); });
            document.getElementById('next').addEventListener('click', () => { page += 1; run(); });
            async function figure(path, id) {
              try { document.getElementById(id).innerHTML = await (await api(path)).text(); }
              catch (e) { document.getElementById(id).textContent = e.message; }
            }
            session.then(me => {
              if (!me) return;
              const initial = new URLSearchParams(location.search).get('q'); if (initial) { q.value = initial; run(); }
              figure('/api/v1/charts/classes?format=html', 'classes');
              figure('/api/v1/charts/regions?format=html', 'regions');
            });
            """)
    }

    static var enterprise: String {
        layout(title: "企业信用详情", body: """
            \(login)
            <div id="content" hidden>
            <div id="head"><p class="muted">加载中…</p></div>
            <p><button onclick="download('report?format=html','信用报告.html')">下载信用报告（网页版）</button>
               <button onclick="download('report?format=docx','信用报告.docx')">下载信用报告（Word 版）</button></p>
            <h2>分值构成（内部参考，不对外公开）</h2><div id="contributions"></div>
            <h2>如何改变类别</h2><div id="counterfactual"></div>
            <h2>行政处罚公示</h2><div id="publication"></div>
            <h2>经营异常名录、严重违法失信名单与信用承诺</h2><div id="lists"></div>
            <h2>信用修复告知书</h2><div id="notices"></div>
            <h2>信用提示记录</h2><div id="reminders"></div>
            <h2>分类历史</h2><div id="history"></div>
            </div>
            """, script: tokenScript + """
            const uscc = location.pathname.split('/').pop();
            async function save(path, name) {
              const blob = await (await api(path)).blob();
              const a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = name; a.click();
            }
            async function download(path, name) {
              try { await save('/api/v1/enterprises/' + uscc + '/' + path, name); } catch (e) { alert('下载失败：' + e.message); }
            }
            async function noticeDownload(no, format) {
              try { await save('/api/v1/notices/' + encodeURIComponent(no) + '?format=' + format, no + '.' + format); } catch (e) { alert('下载失败：' + e.message); }
            }
            const statusText = { dispatched: '已发出', delivered: '已送达', failed: '发送失败' };
            const channelText = { sms: '短信', call: '电话', training: '培训' };
            session.then(async me => {
              if (!me) return;
              try {
                const e = await (await api('/api/v1/enterprises/' + uscc)).json();
                const band = e.bands.find(b => b.class === e.score_class);
                document.getElementById('head').innerHTML = '<h1><span class="badge ' + esc(e.class) + '">' + esc(e.class) + '</span> ' + esc(e.name) + '</h1>'
                  + '<p><strong>' + esc(e.class_name) + '</strong> · ' + esc(e.uscc) + ' · 分类日期 ' + esc(e.as_of) + '</p>'
                  + '<p>分值 <strong>' + e.score + '</strong>（满分 ' + e.score_max + '）；按分值为' + esc(e.score_class_name) + (band ? '（' + band.from + '–' + (band.below - 1) + ' 分）' : '') + '。'
                  + '分段：' + e.bands.map(b => esc(b.class) + '类 ' + b.from + '–' + (b.below - 1)).join('，') + '。</p>'
                  + e.overrides_applied.map(o => '<p>直接判定：<strong>' + esc(o.name) + '</strong>（' + esc(o.basis) + '），类别由分值的 ' + esc(e.score_class) + ' 类定为 ' + esc(e.class) + ' 类。</p>').join('');
                const capped = e.contributions_total !== e.score;
                document.getElementById('contributions').innerHTML = '<table><tr><th>指标</th><th>类别</th><th>决定文书号</th><th>决定日期</th><th class="num">规则分</th><th class="num">时间衰减后</th><th class="num">计入</th><th>依据</th></tr>'
                  + e.contributions.map(c => '<tr><td>' + esc(c.indicator_name) + '</td><td>' + esc(c.category_name || '登记信息') + '</td><td>' + esc(c.document_no || '—') + '</td><td class="date">' + esc(c.decision_date || '—') + '</td><td class="num">' + c.raw_points + '</td><td class="num">' + c.decayed_points + '</td><td class="num">' + c.points + (c.points !== c.decayed_points ? '<br><span class="muted">封顶 ' + esc(c.cap) + '</span>' : '') + '</td><td>' + esc(c.basis) + '</td></tr>').join('')
                  + '<tr><th colspan="6">合计</th><th class="num">' + e.contributions_total + '</th><td>' + (capped ? '分值取 0–' + e.score_max + ' 之间，计为 ' + e.score + ' 分' : '') + '</td></tr></table>';
                const cf = e.counterfactual;
                document.getElementById('counterfactual').innerHTML = (cf.overrides || []).map(o => '<p>直接判定“' + esc(o.name) + '”：' + esc(o.effect) + '；解除条件：' + esc(o.lifted_by) + (o.expires_on ? '（' + esc(o.expires_on) + ' 起不再适用）' : '') + '；解除后为 ' + esc(o.class_without) + ' 类。</p>').join('') + (cf.records.length ? '<ul>' + cf.records.map(r => '<li>' + esc(r.document_no) + ' 修复或公示期满后 → ' + esc(r.class_without) + ' 类（' + r.score_without + ' 分）</li>').join('') + '</ul>' : '<p>没有单条记录的修复会改变类别。</p>') + (cf.changes_on ? '<p>如无新记录，将于 ' + esc(cf.changes_on) + ' 变为 ' + esc(cf.class_then) + ' 类。</p>' : '');
                const pub = e.publication || [];
                document.getElementById('publication').innerHTML = pub.length ? '<table><tr><th>决定文书号</th><th>公示</th><th>起算</th><th>依法公示至</th><th>可申请修复</th><th>导出的公示截止期</th></tr>' + pub.map(p => { const a = p.assessment; return '<tr><td>' + esc(p.document_no) + '</td><td>' + (a.published ? '公示' : '不公示') + '</td><td>' + (a.start ? esc((a.start_basis === 'publication_date' ? '公示日期 ' : '决定日期 ') + a.start) : '—') + '</td><td class="date">' + esc(a.end || '—') + '</td><td class="date">' + esc(a.earliest_repair || '—') + '</td><td>' + esc(a.declared_end || '—') + (a.declared_end_disagrees ? ' <span class="bad">与依法计算不一致</span>' : '') + '</td></tr>'; }).join('') + '</table>' : '<p>无</p>';
                const ls = e.lists;
                if (ls) {
                  const flag = (n, f) => '<p>' + n + '：' + (f.listed ? '<span class="bad">列入</span>' : '未列入') + '（来源：' + esc(f.source_name) + '）</p>';
                  document.getElementById('lists').innerHTML = flag('经营异常名录', ls.abnormal_list) + flag('严重违法失信名单', ls.serious_list)
                    + (ls.listings.length ? '<table><tr><th>名录</th><th>决定书文号</th><th>列入日期</th><th>列入原因</th><th>作出决定机关</th><th>移出日期</th><th>移出原因</th><th>分类基准日</th></tr>' + ls.listings.map(l => '<tr><td>' + esc(l.list_name) + '</td><td>' + esc(l.document_no) + '</td><td class="date">' + esc(l.listed_on) + '</td><td>' + esc(l.reason_text || l.reason) + '</td><td>' + esc(l.agency) + '</td><td class="date">' + esc(l.removed_on || '—') + '</td><td>' + esc(l.removal_reason || '—') + '</td><td>' + (l.in_force ? '在列' : '不在列') + '</td></tr>').join('') + '</table>' : '')
                    + (ls.commitments.length ? '<table><tr><th>承诺书编号</th><th>审批事项</th><th>承诺日期</th><th>核查期限</th><th>核查日期</th><th>核查结果</th><th>修复日期</th></tr>' + ls.commitments.map(c => '<tr><td>' + esc(c.document_no) + '</td><td>' + esc(c.item_name) + '</td><td class="date">' + esc(c.committed_on) + '</td><td class="date">' + esc(c.check_due || '—') + '</td><td class="date">' + esc(c.checked_on || '—') + '</td><td>' + (c.counts ? '<span class="bad">' + esc(c.outcome) + '</span>' : esc(c.outcome || '未核查')) + '</td><td class="date">' + esc(c.repaired_on || '—') + '</td></tr>').join('') + '</table>' : '');
                }
                const hist = await (await api('/api/v1/enterprises/' + uscc + '/history.svg?format=html')).text();
                document.getElementById('history').innerHTML = hist;
                const notices = await (await api('/api/v1/enterprises/' + uscc + '/notices')).json();
                document.getElementById('notices').innerHTML = notices.length ? '<ul>' + notices.map(n => '<li>' + esc(n.number) + '（' + esc(n.document_no) + '） <button data-no="' + esc(n.number) + '" data-format="html">网页版</button> <button data-no="' + esc(n.number) + '" data-format="docx">Word 版</button></li>').join('') + '</ul>' : '<p>无</p>';
                document.querySelectorAll('#notices button').forEach(b => b.addEventListener('click', () => noticeDownload(b.dataset.no, b.dataset.format)));
                const sent = await (await api('/api/v1/enterprises/' + uscc + '/reminders')).json();
                document.getElementById('reminders').innerHTML = sent.length ? '<table><tr><th>时间</th><th>渠道</th><th>类型</th><th>电话</th><th>状态</th><th>内容</th></tr>' + sent.map(r => '<tr><td class="date">' + esc(r.dispatched_at.slice(0, 10)) + '</td><td>' + esc(channelText[r.channel]) + '</td><td>' + esc(r.kind) + '</td><td>' + esc(r.phone || '') + '</td><td>' + esc(statusText[r.status]) + (r.status_reason ? '（' + esc(r.status_reason) + '）' : '') + '</td><td>' + esc(r.text) + '</td></tr>').join('') + '</table>' : '<p>无</p>';
              } catch (err) { document.getElementById('head').innerHTML = '<p class="bad">无法加载：' + esc(err.message) + '</p>'; }
            });
            """)
    }

    static var draw: String {
        layout(title: "双随机抽查", body: """
            \(loginForm(role: "regulator"))
            <div id="content" hidden>
            <h1>双随机抽查</h1>
            <p class="muted">先“准备”：冻结名录、执法人员名录等输入，生成秘密密钥 K，并公布承诺（含将使用哪一个事先确定的公共随机数）；该公共随机数产生后再“抽取”。抽取结果不可更改，作废须说明理由，作废的批次仍公开列出。</p>
            <h2>本月计划预览</h2><div id="plan" class="muted">加载中…</div>
            <h2>准备抽取（公布承诺）</h2>
            <label>抽查编号 <input type="text" id="id"></label>
            <label>抽取日期 <input type="text" id="asOf"></label>
            <label>公共随机数来源 <input type="text" id="source"></label>
            <p><button onclick="prepareDraw()">准备并公布承诺</button></p><p id="out" role="status"></p>
            <h2>抽查批次</h2><div id="list"></div>
            </div>
            """, script: tokenScript + """
            // Placeholders from today's date in China (the server's calendar), not a fixed month.
            const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
            document.getElementById('id').placeholder = today.slice(0, 7);
            document.getElementById('asOf').placeholder = today + '（默认今天）';
            document.getElementById('source').placeholder = '如：福利彩票双色球 ' + today + ' 开奖号码';
            const statusText = { prepared: '已承诺，待抽取', valid: '有效', void: '已作废' };
            async function load() {
              try { const d = await (await api('/api/v1/draws')).json();
                document.getElementById('list').innerHTML = '<table class="wide"><tr><th>编号</th><th>日期</th><th>状态</th><th>任务</th><th>未分配</th><th>承诺摘要</th><th>回执摘要</th><th>操作</th></tr>' + d.map(x => '<tr><td class="id"><a href="/public/draws/' + esc(x.id) + '">' + esc(x.id) + '</a></td><td class="date">' + esc(x.as_of) + '</td><td>' + esc(statusText[x.status]) + (x.void_reason ? '：' + esc(x.void_reason) : '') + '</td><td>' + x.tasks + '</td><td>' + x.unassigned + '</td><td><code>' + esc((x.commitment_sha256 || '—').slice(0, 16)) + '</code></td><td><code>' + esc((x.receipt_sha256 || '—').slice(0, 16)) + '</code></td><td>' + (x.status === 'prepared' ? '<button onclick="runDraw(\\'' + esc(x.id) + '\\')">抽取</button> ' : '') + (x.status !== 'void' ? '<button onclick="voidDraw(\\'' + esc(x.id) + '\\')">作废</button>' : '') + '</td></tr>').join('') + '</table>';
              } catch (e) { document.getElementById('list').textContent = e.message; } }
            async function post(path, body, done) {
              try { const r = await (await api(path, { method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body) })).json();
                document.getElementById('out').textContent = done(r); load();
              } catch (e) { document.getElementById('out').textContent = '失败：' + e.message; } }
            function prepareDraw() {
              const body = { id: document.getElementById('id').value, randomness_source: document.getElementById('source').value };
              const asOf = document.getElementById('asOf').value.trim(); if (asOf) body.as_of = asOf;
              post('/api/v1/draws', body, r => '已准备 ' + r.id + '，承诺摘要 ' + r.commitment_sha256.slice(0, 16) + '…。请立即公布承诺（公示页面已可见），公共随机数产生后再抽取。');
            }
            function runDraw(id) {
              const randomness = prompt('抽查 ' + id + '：输入承诺中指定来源公布的公共随机数'); if (!randomness) return;
              if (!confirm('确认以公共随机数“' + randomness + '”执行抽查 ' + id + '？抽取结果立即记录并公开，不可更改。')) return;
              post('/api/v1/draws/' + encodeURIComponent(id) + '/run', { randomness },
                   r => (r.already_recorded ? '抽查 ' + id + ' 此前已以该随机数抽取：' : '已抽取 ' + id + '：') + r.tasks + ' 项任务，' + r.unassigned + ' 项未能分配执法人员。');
            }
            function voidDraw(id) {
              const reason = prompt('作废抽查 ' + id + ' 的理由'); if (!reason) return;
              post('/api/v1/draws/' + encodeURIComponent(id) + '/void', { reason }, _ => '已作废 ' + id + '（理由：' + reason + '）。');
            }
            (async () => { try { const p = await (await api('/api/v1/draw-plan')).json();
                document.getElementById('plan').innerHTML = '<p>计划 <code>' + esc(p.plan_id) + '</code>：' + esc(p.source) + '</p><table class="wide"><tr><th>类别</th><th>比例</th><th>间隔(月)</th><th>名录</th><th>可抽</th><th>本月任务</th><th>12个月内至少被抽查一次</th></tr>' + p.classes.map(c => '<tr><td>' + esc(c.class) + '</td><td>' + esc(Number((parseFloat(c.rate) * 100).toFixed(4)) + '%') + '</td><td>' + c.min_interval_months + '</td><td>' + c.frame + '</td><td>' + c.eligible + '</td><td>' + c.tasks + '</td><td>' + (c.chance_within_12_months * 100).toFixed(1) + '%</td></tr>').join('') + '</table>';
              } catch (e) { document.getElementById('plan').textContent = e.message; } })();
            load();
            """)
    }
}
