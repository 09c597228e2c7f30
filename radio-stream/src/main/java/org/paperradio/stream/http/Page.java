package org.paperradio.stream.http;

/** The station's one web page: inline CSS and JS only (the CSP allows nothing else). */
final class Page {

    private Page() {
    }

    /** The page for a station; the name is HTML-escaped here, everything else is set as text by the script. */
    static String html(String stationName) {
        return TEMPLATE.replace("{{name}}", escape(stationName));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String TEMPLATE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{{name}}</title>
            <link rel="icon" href="data:,">
            <style>
              :root { --bg:#f6f4ef; --card:#fff; --ink:#1d1d1f; --soft:#6b6b70; --accent:#b3261e; --line:#e4e1da; }
              @media (prefers-color-scheme: dark) {
                :root { --bg:#141416; --card:#1e1e22; --ink:#ececf0; --soft:#a0a0a8; --accent:#ff6b5e; --line:#2e2e34; }
              }
              * { box-sizing: border-box; }
              body { margin:0; background:var(--bg); color:var(--ink);
                     font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
              main { max-width:40rem; margin:0 auto; padding:1.25rem 1rem 3rem; }
              header { display:flex; align-items:center; gap:.6rem; margin-bottom:1rem; }
              h1 { font-size:1.5rem; margin:0; letter-spacing:-.01em; }
              .live { font-size:.75rem; font-weight:700; color:#fff; background:var(--accent);
                      padding:.1rem .45rem; border-radius:.3rem; letter-spacing:.06em; }
              .card { background:var(--card); border:1px solid var(--line); border-radius:.9rem;
                      padding:1rem 1.1rem; margin-bottom:1rem; }
              audio { width:100%; }
              .kind { text-transform:uppercase; font-size:.72rem; letter-spacing:.08em; color:var(--soft); }
              h2 { font-size:1.2rem; line-height:1.3; margin:.25rem 0 .35rem; overflow-wrap:anywhere; }
              h2 a { color:inherit; text-decoration-color:var(--line); }
              .authors { color:var(--soft); margin:0 0 .6rem; }
              .bar { height:.3rem; background:var(--line); border-radius:.2rem; overflow:hidden; }
              .bar > div { height:100%; width:0; background:var(--accent); transition:width .9s linear; }
              .times { display:flex; justify-content:space-between; font-size:.8rem; color:var(--soft);
                       font-variant-numeric:tabular-nums; margin-top:.2rem; }
              .speaker { margin:.8rem 0 0; font-weight:600; }
              .line { margin:.2rem 0 0; color:var(--soft); font-style:italic; }
              h3 { font-size:.8rem; text-transform:uppercase; letter-spacing:.08em; color:var(--soft); margin:0 0 .5rem; }
              ol { margin:0; padding-left:1.2rem; }
              li { margin:.25rem 0; overflow-wrap:anywhere; }
              .empty { color:var(--soft); }
              footer { font-size:.8rem; color:var(--soft); }
              .status { font-size:.8rem; color:var(--soft); min-height:1.2em; }
            </style>
            </head>
            <body>
            <main>
              <header><h1>{{name}}</h1><span class="live">LIVE</span></header>
              <section class="card">
                <audio controls preload="none" src="/live.mp3"></audio>
                <div class="status" id="status"></div>
              </section>
              <section class="card" aria-live="polite">
                <div class="kind" id="kind">Now playing</div>
                <h2 id="title">…</h2>
                <p class="authors" id="authors"></p>
                <div class="bar"><div id="progress"></div></div>
                <div class="times"><span id="elapsed"></span><span id="length"></span></div>
                <p class="speaker" id="speaker"></p>
                <p class="line" id="line"></p>
              </section>
              <section class="card">
                <h3>Up next</h3>
                <ol id="next"></ol>
                <p class="empty" id="nothing">Nothing new is ready yet: reruns until the next paper is voiced.</p>
              </section>
              <footer>Papers read from arXiv. Thank you to arXiv for use of its open access interoperability.
                <span id="listeners"></span></footer>
            </main>
            <script>
            (function () {
              "use strict";
              var $ = function (id) { return document.getElementById(id); };
              var now = null, skew = 0;
              var kinds = { paper: "Now playing", rerun: "Rerun", ident: "Station ident", interval: "Interval" };
              function clock(s) {
                if (!isFinite(s) || s < 0) { s = 0; }
                s = Math.floor(s);
                var m = Math.floor(s / 60), r = s % 60;
                return m + ":" + (r < 10 ? "0" : "") + r;
              }
              function safeArxiv(u) { return typeof u === "string" && u.indexOf("https://arxiv.org/abs/") === 0; }
              function render(n) {
                now = n;
                if (n.serverTime) { skew = Date.parse(n.serverTime) - Date.now(); }
                $("kind").textContent = kinds[n.kind] || "Off air";
                var title = $("title");
                title.textContent = "";
                if (safeArxiv(n.absUrl)) {
                  var a = document.createElement("a");
                  a.href = n.absUrl; a.rel = "noopener"; a.target = "_blank";
                  a.textContent = n.title || n.paperId;
                  title.appendChild(a);
                } else {
                  title.textContent = n.title || "";
                }
                $("authors").textContent = (n.authors || []).join(", ");
                $("speaker").textContent = n.speaker ? n.speaker + " is speaking" : "";
                $("line").textContent = n.line ? "\\u201c" + n.line + "\\u201d" : "";
                var list = $("next");
                list.textContent = "";
                (n.upNext || []).forEach(function (u) {
                  var li = document.createElement("li");
                  li.textContent = u.title + " (" + clock(u.lengthSeconds) + ")";
                  list.appendChild(li);
                });
                $("nothing").style.display = (n.upNext || []).length ? "none" : "";
                $("listeners").textContent = typeof n.listeners === "number"
                  ? n.listeners + (n.listeners === 1 ? " listener" : " listeners") + " now." : "";
                tick();
              }
              function tick() {
                if (!now || !now.startedAt) { return; }
                var elapsed = (Date.now() + skew - Date.parse(now.startedAt)) / 1000;
                var len = now.lengthSeconds || 0;
                if (len > 0 && elapsed > len) { elapsed = len; }
                $("elapsed").textContent = clock(elapsed);
                $("length").textContent = clock(len);
                $("progress").style.width = (len > 0 ? Math.min(100, 100 * elapsed / len) : 0) + "%";
              }
              function refresh() {
                fetch("/api/now", { cache: "no-store" })
                  .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                  .then(function (n) { $("status").textContent = ""; render(n); })
                  .catch(function () { $("status").textContent = "Cannot reach the station, retrying…"; });
              }
              refresh();
              setInterval(refresh, 4000);
              setInterval(tick, 1000);
            })();
            </script>
            </body>
            </html>
            """;
}
