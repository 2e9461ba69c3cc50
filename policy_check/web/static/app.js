// The post checker page. Plain script, no build step, nothing fetched from elsewhere.
//
// Safety rule for this file: the DOM is built with createElement and textContent only.
// Post text, and anything in a report, is never passed to innerHTML, so a draft that
// contains markup is shown as the characters the employee typed.
"use strict";

(function () {
  const VERDICTS = {
    clear: {
      word: "Clear",
      icon: "\u2713",
      headline: "no problems found",
      detail: "Nothing in this post appears to go against the policy. You are still responsible for what you post.",
    },
    advice: {
      word: "Advice",
      icon: "i",
      headline: "fine to post, but consider a change",
      detail: "The post is unlikely to breach the policy, but the advice below may make it better.",
    },
    review: {
      word: "Review",
      icon: "!",
      headline: "check before posting",
      detail: "Ask your manager or the communications team before you post this.",
    },
    breach: {
      word: "Breach",
      icon: "\u2715",
      headline: "do not post this",
      detail: "The post is likely to breach the policy. Change it or do not post it.",
    },
  };

  const SEVERITY_MEANING = {
    advice: "fine to post, consider a change",
    review: "check with your manager or the communications team first",
    breach: "likely to breach the policy",
  };

  const form = document.getElementById("check-form");
  const textBox = document.getElementById("text");
  const textField = document.getElementById("text-field");
  const textError = document.getElementById("text-error");
  const platform = document.getElementById("platform");
  const postedAt = document.getElementById("posted-at");
  const restricted = document.getElementById("restricted");
  const button = document.getElementById("check-button");
  const formError = document.getElementById("form-error");
  const results = document.getElementById("results");

  let busy = false;
  let checkedPost = null; // the form as last checked, to tell when a result is out of date

  // Small helper: an element with a class and text, both optional. Text goes in as text.
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function showFieldError(message) {
    textError.textContent = message;
    textError.hidden = !message;
    textField.classList.toggle("has-error", Boolean(message));
    if (message) {
      textBox.setAttribute("aria-invalid", "true");
      textBox.setAttribute("aria-describedby", "text-error text-hint");
    } else {
      textBox.removeAttribute("aria-invalid");
      textBox.setAttribute("aria-describedby", "text-hint");
    }
  }

  function showFormError(message) {
    formError.textContent = message || "";
    formError.hidden = !message;
  }

  // The post as the contract's JSON; optional fields are left out rather than sent empty.
  function postFromForm() {
    const post = { text: textBox.value };
    if (platform.value) post.platform = platform.value;
    if (postedAt.value) post.posted_at = postedAt.value; // local time; the council's time zone applies
    if (restricted.checked) post.politically_restricted = true;
    return post;
  }

  // The post cut into flagged and unflagged runs, as render/marks.py `pieces` does.
  // Spans count Unicode code points, so the text is split with Array.from, not by UTF-16 unit.
  function pieces(text, findings) {
    const chars = Array.from(text);
    const bounds = new Set([0, chars.length]);
    findings.forEach(function (f) {
      f.spans.forEach(function (s) {
        bounds.add(s.start);
        bounds.add(s.end);
      });
    });
    const cuts = Array.from(bounds)
      .filter(function (b) { return b >= 0 && b <= chars.length; })
      .sort(function (a, b) { return a - b; });
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i];
      const end = cuts[i + 1];
      const owners = [];
      findings.forEach(function (f, n) {
        if (f.spans.some(function (s) { return s.start <= start && end <= s.end; })) owners.push(n + 1);
      });
      const chunk = chars.slice(start, end).join("");
      const last = out[out.length - 1];
      if (last && last.findings.join() === owners.join()) last.text += chunk;
      else out.push({ text: chunk, findings: owners });
    }
    return out;
  }

  // Flagged runs that touch are shown as one <mark>, numbered with every finding inside it:
  // findings often flag overlapping words ("useless" and "useless idiot"), and a highlight
  // broken into fragments is harder to read. Each finding lists its own words below.
  function stretches(text, findings) {
    const out = [];
    pieces(text, findings).forEach(function (piece) {
      const last = out[out.length - 1];
      if (piece.findings.length && last && last.findings.length) {
        last.text += piece.text;
        piece.findings.forEach(function (n) { if (last.findings.indexOf(n) < 0) last.findings.push(n); });
      } else {
        out.push({ text: piece.text, findings: piece.findings.slice() });
      }
    });
    out.forEach(function (s) { s.findings.sort(function (a, b) { return a - b; }); });
    return out;
  }

  function renderPost(text, report) {
    const quote = el("blockquote", "post-text");
    stretches(text, report.findings).forEach(function (piece) {
      if (!piece.findings.length) {
        quote.appendChild(document.createTextNode(piece.text));
        return;
      }
      const mark = el("mark", null, piece.text);
      mark.title = piece.findings
        .map(function (n) {
          const c = report.findings[n - 1].clause;
          return "Clause " + c.id + " " + c.title;
        })
        .join("; ");
      quote.appendChild(mark);
      // The numbers point at the findings below; a screen reader hears "finding 1" rather than "1".
      const sup = el("sup", "mark-ref");
      sup.appendChild(el("span", "visually-hidden", piece.findings.length > 1 ? " findings " : " finding "));
      sup.appendChild(document.createTextNode(piece.findings.join(",")));
      quote.appendChild(sup);
    });
    return quote;
  }

  function clauseHref(finding, report) {
    const key = finding.clause.ref || finding.clause.id;
    return "/clauses/" + encodeURIComponent(key) + "?version=" + encodeURIComponent(report.policy.version);
  }

  function renderFinding(finding, number, report) {
    const item = el("li", "finding severity-" + finding.severity);
    item.id = "finding-" + number;

    const heading = el("h3", "finding-title");
    heading.appendChild(el("span", "finding-number", String(number)));
    heading.appendChild(document.createTextNode("Clause " + finding.clause.id + ": " + finding.clause.title));
    item.appendChild(heading);

    const severity = el("p", "finding-severity");
    const level = VERDICTS[finding.severity] || { word: finding.severity };
    severity.appendChild(el("span", "badge badge-" + finding.severity, level.word));
    severity.appendChild(document.createTextNode(" " + (SEVERITY_MEANING[finding.severity] || "")));
    item.appendChild(severity);

    const words = finding.spans.map(function (s) { return s.text; });
    if (words.length) {
      const flagged = el("p", "finding-words");
      flagged.appendChild(el("strong", null, words.length > 1 ? "Flagged words: " : "Flagged word: "));
      words.forEach(function (w, i) {
        if (i) flagged.appendChild(document.createTextNode(", "));
        flagged.appendChild(el("q", null, w));
      });
      item.appendChild(flagged);
    }

    const why = el("p", "finding-why");
    why.appendChild(el("strong", null, "Why: "));
    why.appendChild(document.createTextNode(finding.message));
    item.appendChild(why);

    const instead = el("p", "finding-instead");
    instead.appendChild(el("strong", null, "What to do instead: "));
    instead.appendChild(document.createTextNode(finding.guidance));
    item.appendChild(instead);

    const more = el("p", "finding-link");
    const link = el("a", null, "Read clause " + finding.clause.id + " in full");
    link.href = clauseHref(finding, report);
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.appendChild(el("span", "new-tab", " (opens in a new tab)"));
    more.appendChild(link);
    item.appendChild(more);
    return item;
  }

  function renderReport(text, report) {
    const verdict = VERDICTS[report.verdict] || VERDICTS.review;
    const box = el("div", "verdict verdict-" + report.verdict);
    box.dataset.verdict = report.verdict;
    box.appendChild(el("span", "verdict-icon", verdict.icon)).setAttribute("aria-hidden", "true");
    const words = el("div", "verdict-words");
    const headline = el("h2", "verdict-headline");
    headline.id = "verdict-headline";
    headline.appendChild(el("span", "verdict-word", verdict.word));
    headline.appendChild(document.createTextNode(": " + verdict.headline));
    words.appendChild(headline);
    words.appendChild(el("p", "verdict-detail", verdict.detail));
    box.appendChild(words);

    const stale = el("p", "stale-note", "You have changed your draft since this check. Check it again to update the result.");
    stale.id = "stale-note";
    stale.hidden = true;

    const count = report.findings.length;
    const summary = el(
      "p",
      "summary",
      (count === 0 ? "No findings" : count === 1 ? "1 finding" : count + " findings") +
        ", checked against " + report.policy.title + " version " + report.policy.version + "."
    );

    const nodes = [stale, box, summary];
    if (count) {
      nodes.push(el("h2", "section-heading", "Your post, with the words to look at marked"));
      nodes.push(renderPost(text, report));
      nodes.push(el("h2", "section-heading", "What was found"));
      const list = el("ol", "findings");
      report.findings.forEach(function (f, i) { list.appendChild(renderFinding(f, i + 1, report)); });
      nodes.push(list);
    }
    results.replaceChildren.apply(results, nodes);
  }

  async function check(event) {
    if (event) event.preventDefault();
    if (busy) return;
    showFormError("");
    if (!textBox.value.trim()) {
      showFieldError("Type or paste the post you want to check.");
      textBox.focus();
      return;
    }
    showFieldError("");
    const post = postFromForm();
    busy = true;
    button.textContent = "Checking\u2026";
    button.setAttribute("aria-disabled", "true");
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/api/check", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(post),
        cache: "no-store",
        credentials: "same-origin",
      });
      let body = null;
      try {
        body = await response.json();
      } catch (ignored) {
        body = null;
      }
      if (!response.ok || !body || body.error) {
        const reason = body && body.error ? body.error : "the checker answered " + response.status;
        showFormError("The post could not be checked: " + reason + ".");
        return;
      }
      checkedPost = JSON.stringify(post);
      renderReport(post.text, body);
      // On a phone the answer is below the fold; bring it into view without stealing focus.
      results.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (err) {
      showFormError("The checker could not be reached. Check that it is still running, then try again.");
    } finally {
      busy = false;
      button.textContent = "Check my post";
      button.removeAttribute("aria-disabled");
      results.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", check);

  // Ctrl+Enter (Cmd+Enter on a Mac) checks without leaving the text box.
  textBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else check();
    }
  });

  // A result describes the draft as it was; say so once the draft or its details change.
  function noteChange() {
    if (textField.classList.contains("has-error") && textBox.value.trim()) showFieldError("");
    const stale = document.getElementById("stale-note");
    if (stale) stale.hidden = checkedPost === null || JSON.stringify(postFromForm()) === checkedPost;
  }
  form.addEventListener("input", noteChange);
  form.addEventListener("change", noteChange);
})();
