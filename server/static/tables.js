// A table's box is a tab stop so that a keyboard can scroll it sideways (WCAG 2.1.1), which the pages write for
// every table; one that fits its box needs none (the programme's page had six stops that did nothing, an
// accessibility review). Worked out again when the window's size changes; without script every box stays one.
'use strict';
(function () {
  function mark() {
    document.querySelectorAll('.table-wrap[role="region"]').forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute('tabindex', '0');
      } else if (document.activeElement !== wrap) {
        wrap.removeAttribute('tabindex');
      }
    });
  }
  document.addEventListener('DOMContentLoaded', mark);
  window.addEventListener('resize', mark);
})();
