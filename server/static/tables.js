// A table's box is a tab stop so that a keyboard can scroll it sideways (WCAG 2.1.1), and a named region, which the
// pages write for every table; one that fits its box needs neither (the programme's page had six stops that did
// nothing, an accessibility review, and seven landmarks a screen reader lists, a screen-reader user's review).
// Worked out again when the window's size changes; without script every box stays both.
'use strict';
(function () {
  // a box's name is kept aside while it is no region (ARIA names no generic element)
  function mark() {
    document.querySelectorAll('.table-wrap[aria-labelledby], .table-wrap[data-labelledby]').forEach(function (wrap) {
      var name = wrap.getAttribute('aria-labelledby') || wrap.getAttribute('data-labelledby');
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-labelledby', name);
        wrap.removeAttribute('data-labelledby');
      } else if (document.activeElement !== wrap) {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-labelledby');
        wrap.setAttribute('data-labelledby', name);
      }
    });
  }
  document.addEventListener('DOMContentLoaded', mark);
  window.addEventListener('resize', mark);
})();
