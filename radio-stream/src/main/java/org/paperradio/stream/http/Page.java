package org.paperradio.stream.http;

/**
 * The station's web pages as HTML shells: the live page, the archive and a paper's page. Each is
 * a small static document whose content {@code /static/app.js} fills in from the JSON APIs (as
 * text, never as markup); the only data written here is the station's name and a paper's id, both
 * HTML-escaped. No inline script or style: the pages are served under a CSP that allows neither.
 */
final class Page {

    /** Which page: the script reads it from {@code data-view} on {@code <main>}. */
    enum View { LIVE, ARCHIVE, PAPER }

    private Page() {
    }

    /**
     * A page.
     *
     * @param paperId  the paper's canonical id for {@link View#PAPER}, else empty
     * @param jsQuery  the asset version for cache busting ({@code ?v=...}), or empty
     * @param cssQuery the same for the style sheet
     */
    static String html(View view, String stationName, String paperId, String jsQuery, String cssQuery) {
        String name = escape(stationName);
        String body = switch (view) {
            case LIVE -> LIVE;
            case ARCHIVE -> ARCHIVE;
            case PAPER -> PAPER;
        };
        String title = switch (view) {
            case LIVE -> name;
            case ARCHIVE -> "Archive · " + name;
            case PAPER -> escape(paperId) + " · " + name;
        };
        return HEAD.replace("{{title}}", title).replace("{{css}}", escape(cssQuery))
                + NAV.replace("{{name}}", name)
                .replace("{{live}}", view == View.LIVE ? " aria-current=\"page\"" : "")
                .replace("{{archive}}", view == View.ARCHIVE ? " aria-current=\"page\"" : "")
                + "<main id=\"main\" data-view=\"" + view.name().toLowerCase(java.util.Locale.ROOT) + "\""
                + (view == View.PAPER ? " data-paper=\"" + escape(paperId) + "\"" : "") + ">\n"
                + body
                + FOOT.replace("{{js}}", escape(jsQuery));
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

    private static final String HEAD = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{{title}}</title>
            <link href="/static/app.css{{css}}" rel="stylesheet">
            </head>
            <body>
            """;

    private static final String NAV = """
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
              <p class="station"><a href="/">{{name}}</a> <span class="live">LIVE</span></p>
              <nav aria-label="Station"><a href="/"{{live}}>Live</a> <a href="/archive"{{archive}}>Archive</a></nav>
            </header>
            """;

    private static final String LIVE = """
              <h1 class="visually-hidden">Live</h1>
              <section class="card player" aria-label="Live stream">
                <audio controls id="live-audio" preload="none" src="/live.mp3"></audio>
                <button id="play" type="button" class="play" aria-pressed="false">Play live</button>
                <p class="status" id="status" role="status"></p>
              </section>
              <section class="card now" id="now" aria-live="polite" aria-labelledby="title">
                <p class="kind" id="kind">Now playing</p>
                <h2 id="title">…</h2>
                <p class="authors" id="authors"></p>
                <div class="bar" aria-hidden="true"><div id="progress"></div></div>
                <div class="times"><span id="elapsed"></span><span id="length"></span></div>
                <p class="speaker" id="speaker"></p>
                <p class="line" id="line"></p>
                <p><a id="paper-link" href="/" hidden>About this paper</a></p>
                <p class="vote-row"><button id="vote" type="button" class="vote" aria-pressed="false" hidden>Vote up</button>
                  <span id="votes" class="meta"></span> <span id="vote-status" class="status" role="status"></span></p>
                <p class="meta" id="page-label"></p>
                <img id="page-image" class="page-image" alt="" hidden>
              </section>
              <section class="card" aria-labelledby="next-h">
                <h3 id="next-h">Up next</h3>
                <ol id="next"></ol>
                <p class="empty" id="nothing">Nothing new is ready yet: reruns until the next paper is voiced.</p>
              </section>
              <section class="card" aria-labelledby="schedule-h">
                <h3 id="schedule-h">Schedule</h3>
                <ol id="schedule"></ol>
                <p class="empty" id="no-schedule" hidden>No shows are scheduled.</p>
              </section>
              <section class="card" aria-labelledby="search-h">
                <h3 id="search-h">Search the library</h3>
                <form id="search" class="search" action="/" method="get" role="search">
                  <label for="q">Words, title or topic</label>
                  <input id="q" name="q" type="search" maxlength="300" autocomplete="off">
                  <button type="submit">Search</button>
                </form>
                <p class="status" id="search-status" role="status"></p>
                <ol id="results"></ol>
              </section>
            """;

    private static final String ARCHIVE = """
              <h1>Archive</h1>
              <section aria-labelledby="shows-h">
                <h2 id="shows-h">Shows</h2>
                <p class="status" id="shows-status" role="status">Loading…</p>
                <div id="shows"></div>
              </section>
              <section aria-labelledby="segments-h">
                <h2 id="segments-h">Paper segments</h2>
                <p class="status" id="segments-status" role="status">Loading…</p>
                <div id="segments"></div>
              </section>
            """;

    private static final String PAPER = """
              <article class="card paper">
                <h1 id="paper-title">…</h1>
                <p class="authors" id="paper-authors"></p>
                <p class="meta" id="paper-meta"></p>
                <p class="links"><a id="paper-abs" href="/" hidden>Read on arXiv</a> <a id="paper-pdf" href="/" hidden>PDF</a></p>
                <p class="status" id="paper-status" role="status"></p>
                <p class="vote-row"><button id="vote" type="button" class="vote" aria-pressed="false" hidden>Vote up</button>
                  <span id="votes" class="meta"></span> <span id="vote-status" class="status" role="status"></span></p>
                <div id="segment" hidden>
                  <h2>Listen</h2>
                  <audio id="segment-audio" controls preload="none"></audio>
                  <p><a id="segment-vtt" href="/">Transcript</a></p>
                </div>
                <div id="summary" hidden>
                  <h2>Summary</h2>
                  <dl id="summary-list"></dl>
                </div>
                <h2>Abstract</h2>
                <p id="paper-abstract"></p>
                <img id="page-image" class="page-image" alt="" hidden>
              </article>
              <section class="card" aria-labelledby="related-h">
                <h2 id="related-h">Related papers</h2>
                <ol id="related"></ol>
                <p class="empty" id="no-related" hidden>No related papers in the library yet.</p>
              </section>
            """;

    private static final String FOOT = """
            </main>
            <footer class="foot">Papers read from arXiv. Thank you to arXiv for use of its open access interoperability.
              <span id="listeners"></span> <a href="/api/now">What is on air, as JSON (/api/now)</a></footer>
            <script defer src="/static/app.js{{js}}"></script>
            </body>
            </html>
            """;
}
