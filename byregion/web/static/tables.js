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

// A table marked data-sortable sorts by any column: its headers become buttons (a keyboard reaches them, a screen
// reader names them by the header's text), the column sorted by says so in aria-sort (WAI-ARIA APG, "Sortable
// Table"), and a second press reverses the order. A cell's data-sort gives its value where its text does not sort
// (a date "older than the records", a number written with spaces); text compares as Norwegian on either language's
// page (CLDR's collation: æ, ø, å after z, and a double a as å) and runs of digits as numbers (0301 before 1103). Rows with no value stay last in either order. Without script
// the table stays in the order the build wrote it, which the aria-sort of the page already names.
(function () {
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var given = cell.getAttribute('data-sort');
    return (given !== null ? given : cell.textContent).trim();
  }

  function sortBy(table, header, index, direction) {
    // Norwegian on the English page too: the names are the same (Ålesund after Vinje; byregion.i18n.norwegian_key)
    var collator = new Intl.Collator('nb', {numeric: true, sensitivity: 'base'});
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return {row: row, key: value(row, index), position: position};
    });
    var sign = direction === 'ascending' ? 1 : -1;
    rows.sort(function (a, b) {
      if (!a.key !== !b.key) return a.key ? -1 : 1;  // no value last, whichever the order
      return sign * collator.compare(a.key, b.key) || a.position - b.position;  // stable: ties keep their order
    });
    var ordered = document.createDocumentFragment();
    rows.forEach(function (r) { ordered.appendChild(r.row); });
    body.appendChild(ordered);
    table.tHead.querySelectorAll('th[aria-sort]').forEach(function (th) { th.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', direction);
  }

  function sortable(table) {
    if (!table.tHead || !table.tBodies.length || table.hasAttribute('data-sorting')) return;
    table.setAttribute('data-sorting', '');
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (header.firstChild) button.appendChild(header.firstChild);
      var mark = document.createElement('span');
      mark.className = 'sort-mark';
      mark.setAttribute('aria-hidden', 'true');
      button.appendChild(mark);
      header.appendChild(button);
      button.addEventListener('click', function () {
        sortBy(table, header, index, header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
    var hint = table.getAttribute('data-sortable');
    if (hint && table.caption) {
      var note = document.createElement('span');
      note.className = 'aural';
      note.textContent = ' ' + hint;
      table.caption.appendChild(note);
    }
  }

  function init() { document.querySelectorAll('table[data-sortable]').forEach(sortable); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
