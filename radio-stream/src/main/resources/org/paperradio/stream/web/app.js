/* Paper Radio: the listeners' pages. Everything from the APIs is set as text (textContent), never as markup. */
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var main = $("main");
  var view = main ? main.getAttribute("data-view") : "";

  // ---- helpers ----

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function clock(s) {
    if (!isFinite(s) || s < 0) { s = 0; }
    s = Math.floor(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h > 0 ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }
  function arxiv(u) { return typeof u === "string" && /^https:\/\/arxiv\.org\/(abs|pdf)\/[A-Za-z0-9.\/\-]+$/.test(u); }
  function paperHref(id) { return "/paper/" + encodeURIComponent(id); }
  function folderOf(id) { return String(id).replace("/", "_"); }
  function pageImageHref(id, n) { return "/papers/" + encodeURIComponent(id) + "/page/" + n + ".png"; }
  function getJson(url) {
    return fetch(url, { cache: "no-store", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }
  function date(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? "" : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
  /** An image shown only when the station serves it (the license allows it and the page exists). */
  function showImage(img, src, alt) {
    if (!img) { return; }
    if (!src) { img.hidden = true; img.removeAttribute("src"); return; }
    if (img.getAttribute("src") === src) { return; }
    img.hidden = true;
    img.alt = alt || "";
    img.onload = function () { img.hidden = false; };
    img.onerror = function () { img.hidden = true; };
    img.src = src;
  }
  function paperLinks(li, paperId, absUrl) {
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("a", { href: paperHref(paperId) }, "about"));
    var abs = absUrl || ("https://arxiv.org/abs/" + paperId);
    if (arxiv(abs)) {
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(el("a", { href: abs, rel: "noopener noreferrer" }, "arXiv"));
    }
  }

  /**
   * The vote-up button for a paper (#vote, #votes, #vote-status): one vote per listener per paper,
   * the station tells listeners apart by a cookie it sets on the first vote.
   */
  function voteFor(paperId) {
    var button = $("vote"), count = $("votes"), status = $("vote-status");
    var href = "/api/papers/" + encodeURIComponent(paperId) + "/vote";
    button.setAttribute("data-paper", paperId);
    status.textContent = "";
    function current() { return button.getAttribute("data-paper") === paperId; }
    function show(v) {
      if (!current()) { return; } // the live page moved on to another paper
      var n = Number(v.votes) || 0;
      count.textContent = n === 1 ? "1 vote" : n + " votes";
      button.textContent = v.voted ? "Voted" : "Vote up";
      button.setAttribute("aria-pressed", v.voted ? "true" : "false");
      button.disabled = !!v.voted;
      button.hidden = false;
    }
    button.hidden = true;
    count.textContent = "";
    getJson(href).then(show).catch(function () { /* no votes for this paper: no button */ });
    button.onclick = function () {
      button.disabled = true;
      fetch(href, { method: "POST", cache: "no-store", credentials: "same-origin" }).then(function (r) {
        if (r.status === 429) { throw new Error("Too many votes from here just now; try again later."); }
        if (!r.ok) { throw new Error("The vote did not go through; try again."); }
        return r.json();
      }).then(function (v) {
        show(v);
        if (current()) { status.textContent = v.counted ? "Thanks for your vote." : "You voted for this paper already."; }
      }).catch(function (e) {
        if (current()) { status.textContent = e.message; button.disabled = false; }
      });
    };
  }
  function hideVote() {
    $("vote").hidden = true;
    $("vote").removeAttribute("data-paper");
    $("votes").textContent = "";
    $("vote-status").textContent = "";
  }

  // ---- live page ----

  function live() {
    var audio = $("live-audio"), play = $("play"), now = null, skew = 0;
    var kinds = { paper: "Now playing", rerun: "Rerun", ident: "Station ident", interval: "Interval", show: "Show" };

    function setPlaying(on) {
      play.textContent = on ? "Pause" : "Play live";
      play.setAttribute("aria-pressed", on ? "true" : "false");
    }
    play.addEventListener("click", function () {
      if (audio.paused) {
        // always rejoin the live edge: a paused live stream has gone stale
        audio.src = "/live.mp3";
        var p = audio.play();
        $("status").textContent = "Connecting…";
        if (p && p.catch) {
          p.catch(function () { $("status").textContent = "Playback did not start. Press Play again."; });
        }
      } else {
        audio.pause();
      }
    });
    audio.addEventListener("playing", function () { setPlaying(true); $("status").textContent = ""; });
    audio.addEventListener("pause", function () { setPlaying(false); });
    audio.addEventListener("error", function () {
      setPlaying(false);
      $("status").textContent = "The stream stopped. Press Play to reconnect.";
    });

    function render(n) {
      now = n;
      if (n.serverTime) { skew = Date.parse(n.serverTime) - Date.now(); }
      $("kind").textContent = kinds[n.kind] || "Off air";
      var title = $("title");
      clear(title);
      if (arxiv(n.absUrl)) {
        title.appendChild(el("a", { href: n.absUrl, rel: "noopener noreferrer" }, n.title || n.paperId));
      } else {
        title.textContent = n.title || (n.kind === "off" ? "Off air" : "");
      }
      $("authors").textContent = (n.authors || []).join(", ");
      $("speaker").textContent = n.speaker ? n.speaker + " is speaking" : "";
      $("line").textContent = n.line ? "\u201c" + n.line + "\u201d" : "";
      var link = $("paper-link");
      if (n.paperId) {
        link.href = paperHref(n.paperId);
        link.hidden = false;
        if ($("vote").getAttribute("data-paper") !== n.paperId) { voteFor(n.paperId); }
      } else {
        link.hidden = true;
        hideVote();
      }
      // the page being read, as the script's page hints say (and only where the license lets us show it)
      var page = n.page > 0 ? n.page : 1;
      showImage($("page-image"), n.paperId ? pageImageHref(n.paperId, page) : null,
        n.title ? "Page " + page + " of " + n.title : "");
      $("page-label").textContent = n.paperId ? "Reading page " + page : "";
      var list = $("next");
      clear(list);
      (n.upNext || []).forEach(function (u) {
        var li = el("li");
        li.appendChild(el("a", { href: paperHref(u.paperId) }, u.title || u.paperId));
        li.appendChild(document.createTextNode(" (" + clock(u.lengthSeconds) + ")"));
        list.appendChild(li);
      });
      $("nothing").hidden = (n.upNext || []).length > 0;
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
    function poll() {
      getJson("/api/now").then(render).catch(function () {
        $("status").textContent = "Cannot reach the station, retrying…";
      });
    }

    if (window.EventSource) {
      var events = new EventSource("/api/events");
      events.addEventListener("now", function (e) {
        try { render(JSON.parse(e.data)); } catch (err) { /* a malformed event: wait for the next */ }
      });
      events.addEventListener("open", function () {
        if ($("status").textContent.indexOf("reach") >= 0) { $("status").textContent = ""; }
      });
      events.addEventListener("error", function () {
        $("status").textContent = "Cannot reach the station, retrying…";
      });
    } else {
      poll();
      setInterval(poll, 4000);
    }
    setInterval(tick, 1000);

    getJson("/api/schedule").then(function (slots) {
      var list = $("schedule");
      clear(list);
      (Array.isArray(slots) ? slots : []).forEach(function (s) {
        list.appendChild(el("li", null, (s.show || "Show") + " \u2013 " + date(s.at)));
      });
      $("no-schedule").hidden = list.childNodes.length > 0;
    }).catch(function () { $("no-schedule").hidden = false; });

    var form = $("search"), q = $("q");
    function search(text) {
      var results = $("results"), status = $("search-status");
      clear(results);
      if (!text) { status.textContent = ""; return; }
      status.textContent = "Searching…";
      getJson("/api/search?q=" + encodeURIComponent(text) + "&limit=20").then(function (r) {
        (r.hits || []).forEach(function (h) {
          var li = el("li");
          li.appendChild(el("a", { href: paperHref(h.id) }, h.title || h.id));
          if (h.authors && h.authors.length) {
            li.appendChild(el("span", { "class": "meta" }, " \u2013 " + h.authors.slice(0, 3).join(", ")
              + (h.authors.length > 3 ? " et al." : "")));
          }
          results.appendChild(li);
        });
        status.textContent = (r.hits || []).length ? (r.hits.length + " found") : "Nothing found.";
      }).catch(function () { status.textContent = "The search did not work, try other words."; });
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = q.value.trim();
      history.replaceState(null, "", text ? "/?q=" + encodeURIComponent(text) : "/");
      search(text);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { q.value = initial; search(initial.trim()); }
  }

  // ---- archive ----

  function chapterList(audio, chapters) {
    var ol = el("ol", { "class": "chapters", "aria-label": "Chapters" });
    (chapters || []).forEach(function (c) {
      var li = el("li");
      var b = el("button", { type: "button", "data-start": String(c.start) }, clock(c.start));
      b.setAttribute("aria-label", "Play from " + clock(c.start) + ": " + (c.title || "chapter"));
      b.addEventListener("click", function () { seek(audio, Number(c.start) || 0); });
      li.appendChild(b);
      li.appendChild(el("span", null, c.title || ""));
      if (c.paper) { paperLinks(li, c.paper, null); }
      ol.appendChild(li);
    });
    return ol;
  }
  function seek(audio, t) {
    function go() {
      audio.currentTime = t;
      var p = audio.play();
      if (p && p.catch) { p.catch(function () { /* the player shows its own state */ }); }
    }
    if (audio.readyState >= 1) { go(); return; }
    audio.preload = "auto";
    audio.addEventListener("loadedmetadata", go, { once: true });
    audio.load();
  }
  function player(mp3, vtt) {
    var audio = el("audio", { controls: "", preload: "metadata", src: mp3 });
    if (vtt) {
      audio.appendChild(el("track", { kind: "captions", src: vtt, srclang: "en", label: "Transcript" }));
    }
    return audio;
  }
  function archive() {
    var box = $("shows"), status = $("shows-status");
    getJson("/api/shows").then(function (shows) {
      shows = Array.isArray(shows) ? shows : [];
      status.textContent = shows.length ? "" : "No shows in the archive yet.";
      shows.forEach(function (s) {
        if (!/^[A-Za-z0-9\-]+$/.test(s.id || "")) { return; }
        var art = el("article", { "class": "card show", id: "show-" + s.id, "data-show": s.id });
        art.appendChild(el("h3", null, s.kind === "weekly" ? "Weekly show" : "Daily show"));
        art.appendChild(el("h2", null, s.title || s.id));
        art.appendChild(el("p", { "class": "meta" }, date(s.airsAt) + " \u00b7 " + clock(s.lengthSeconds)));
        var vtt = "/shows/" + s.id + ".vtt";
        var audio = player("/shows/" + s.id + ".mp3", vtt);
        art.appendChild(audio);
        art.appendChild(chapterList(audio, s.chapters));
        var links = el("p", { "class": "links" });
        links.appendChild(el("a", { href: vtt }, "Transcript (WebVTT)"));
        links.appendChild(el("a", { href: "/shows/" + s.id + ".chapters.json" }, "Chapters (JSON)"));
        art.appendChild(links);
        box.appendChild(art);
      });
    }).catch(function () { status.textContent = "The archive could not be loaded."; });

    // aired paper segments: the podcast feed lists them; only same-origin segment paths are used
    var segBox = $("segments"), segStatus = $("segments-status");
    fetch("/feeds/segments.xml", { cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "application/xml");
      var items = Array.prototype.slice.call(doc.getElementsByTagName("item"), 0, 50);
      var shown = 0;
      items.forEach(function (item) {
        var enc = item.getElementsByTagName("enclosure")[0];
        var path;
        try { path = new URL(enc.getAttribute("url"), location.href).pathname; } catch (e) { return; }
        var m = /^\/papers\/([A-Za-z0-9._\-]{1,64})\/segment\.mp3$/.exec(path);
        if (!m) { return; }
        var folder = m[1];
        var id = /^[a-z\-]+(\.[A-Z]{2})?_\d{7}/.test(folder) ? folder.replace("_", "/") : folder;
        var titleNode = item.getElementsByTagName("title")[0];
        var art = el("article", { "class": "card segment" });
        art.appendChild(el("h3", null, titleNode ? titleNode.textContent : id));
        art.appendChild(player(path, "/papers/" + folder + "/segment.vtt"));
        var p = el("p", { "class": "links" });
        p.appendChild(el("a", { href: "/papers/" + folder + "/segment.vtt" }, "Transcript"));
        paperLinks(p, id, null);
        art.appendChild(p);
        segBox.appendChild(art);
        shown++;
      });
      segStatus.textContent = shown ? "" : "No paper segments in the archive yet.";
    }).catch(function () { segStatus.textContent = "No paper segments in the archive yet."; });
  }

  // ---- one paper ----

  function paper() {
    var id = main.getAttribute("data-paper"), status = $("paper-status");
    getJson("/api/papers/" + encodeURIComponent(id)).then(function (p) {
      $("paper-title").textContent = p.title || p.id;
      document.title = (p.title || p.id) + " \u00b7 " + document.title.split(" \u00b7 ").pop();
      $("paper-authors").textContent = (p.authors || []).join(", ");
      $("paper-meta").textContent = [p.id, (p.categories || []).join(" "), p.published ? date(p.published) : ""]
        .filter(Boolean).join(" \u00b7 ");
      if (arxiv(p.absUrl)) { $("paper-abs").href = p.absUrl; $("paper-abs").hidden = false; }
      if (arxiv(p.pdfUrl)) { $("paper-pdf").href = p.pdfUrl; $("paper-pdf").hidden = false; }
      $("paper-abstract").textContent = p["abstract"] || "";
      var s = p.summary;
      if (s) {
        var dl = $("summary-list");
        [["In one line", s.gist], ["Problem", s.problem], ["Key idea", s.keyIdea], ["Method", s.method],
          ["Limitations", s.limitations], ["Why it matters", s.whyItMatters]].forEach(function (pair) {
          if (pair[1]) { dl.appendChild(el("dt", null, pair[0])); dl.appendChild(el("dd", null, pair[1])); }
        });
        (s.results || []).forEach(function (r, i) {
          dl.appendChild(el("dt", null, i === 0 ? "Results" : ""));
          dl.appendChild(el("dd", null, r));
        });
        $("summary").hidden = !dl.firstChild;
      }
      showImage($("page-image"), pageImageHref(p.id, 1), "First page of " + (p.title || p.id));
      voteFor(p.id);
      var folder = folderOf(p.id);
      fetch("/papers/" + folder + "/segment.mp3", { method: "HEAD", cache: "no-store" }).then(function (r) {
        if (!r.ok) { return; }
        var a = $("segment-audio");
        a.src = "/papers/" + folder + "/segment.mp3";
        a.appendChild(el("track", { kind: "captions", src: "/papers/" + folder + "/segment.vtt", srclang: "en",
          label: "Transcript" }));
        $("segment-vtt").href = "/papers/" + folder + "/segment.vtt";
        $("segment").hidden = false;
      }).catch(function () { /* no segment */ });
    }).catch(function () { status.textContent = "This paper could not be loaded."; });

    getJson("/api/papers/" + encodeURIComponent(id) + "/related?limit=10").then(function (r) {
      var list = $("related");
      (r.related || []).forEach(function (h) {
        var li = el("li");
        li.appendChild(el("a", { href: paperHref(h.id) }, h.title || h.id));
        list.appendChild(li);
      });
      $("no-related").hidden = list.childNodes.length > 0;
    }).catch(function () { $("no-related").hidden = false; });
  }

  if (view === "live") { live(); } else if (view === "archive") { archive(); } else if (view === "paper") { paper(); }
})();
