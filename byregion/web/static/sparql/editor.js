/* A small SPARQL editor: a textarea with a highlighted copy underneath (no dependencies, no CDN).
   The textarea stays the real input, so the form works without JavaScript and with screen readers.
   Written for this project; MIT like the rest of it. */
(function () {
  "use strict";
  var KEYWORDS = /^(?:SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|FROM|NAMED|PREFIX|BASE|OPTIONAL|FILTER|UNION|MINUS|GRAPH|SERVICE|BIND|VALUES|GROUP|BY|ORDER|ASC|DESC|LIMIT|OFFSET|HAVING|DISTINCT|REDUCED|AS|IN|NOT|EXISTS|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|LANG|LANGMATCHES|STR|DATATYPE|BOUND|IF|COALESCE|REGEX|CONTAINS|STRSTARTS|YEAR|MONTH|DAY|a|true|false)$/i;
  var TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>\s]*>)|([?$][A-Za-z0-9_]+)|(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|([A-Za-z_][\w.-]*)?:([\w./-]*)|([A-Za-z_]+)|([\s\S])/g;

  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function span(cls, text) { return '<span class="tok-' + cls + '">' + esc(text) + "</span>"; }

  function highlight(text) {
    var out = "";
    text.replace(TOKEN, function (m, comment, string, iri, variable, langtag, prefix, local, word) {
      if (comment) out += span("comment", m);
      else if (string) out += span("string", m);
      else if (iri) out += span("iri", m);
      else if (variable) out += span("var", m);
      else if (langtag) out += span("lang", m);
      else if (local !== undefined) out += span("pname", m);
      else if (word) out += KEYWORDS.test(word) ? span("kw", m) : esc(m);
      else out += esc(m);
      return m;
    });
    return out + "\n";
  }

  function attach(box) {
    var area = box.querySelector("textarea");
    var pre = document.createElement("pre");
    pre.setAttribute("aria-hidden", "true");
    pre.className = "highlight";
    box.insertBefore(pre, area);
    box.classList.add("enhanced");
    function sync() { pre.innerHTML = highlight(area.value); pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; }
    area.addEventListener("input", sync);
    area.addEventListener("scroll", sync);
    area.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); area.form.submit(); }
    });
    sync();
    document.querySelectorAll("a[data-query]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault(); area.value = link.getAttribute("data-query"); sync(); area.focus();
        // an example is written for the whole graph, as its link asks: the dataset a query before it named
        // (the form's hidden graph fields, kept for "Run") would have it answer nothing
        area.form.querySelectorAll('input[name="default-graph-uri"], input[name="named-graph-uri"]')
          .forEach(function (field) { field.remove(); });
        area.form.submit();
      });
    });
  }

  window.byregionHighlight = highlight;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".editor").forEach(attach);
  });
})();
