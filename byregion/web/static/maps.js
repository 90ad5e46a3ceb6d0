// The name of the place a keyboard has focused on a map, shown under the map (style.css: in the figure's flow, so it
// covers nothing; over the map's corner it had hidden shapes, an accessibility review). A shape's name is its
// <title>, which a screen reader reads but no one sees: on the map of Norway a focused region only turned purple
// (an accessibility review). Hidden from assistive technology, which has the title already. The listeners are
// the document's: one on the <svg> made Chromium put the map itself in the tab order.
'use strict';
document.addEventListener('focusin', function (event) {
  document.querySelectorAll('p.map-focus').forEach(function (shown) { shown.hidden = true; });
  var link = event.target.closest && event.target.closest('figure.map-figure svg.map a');
  var title = link && link.querySelector('title');
  if (!title) { return; }
  var map = link.closest('svg.map');
  var shown = map.nextElementSibling;
  if (!shown || !shown.classList.contains('map-focus')) {
    shown = document.createElement('p');
    shown.className = 'map-focus';
    shown.setAttribute('aria-hidden', 'true');
    map.after(shown);
  }
  shown.textContent = title.textContent;
  shown.hidden = false;
});
document.addEventListener('focusout', function (event) {
  if (event.target.closest && event.target.closest('svg.map')) {
    document.querySelectorAll('p.map-focus').forEach(function (shown) { shown.hidden = true; });
  }
});
