"""Exports of a build for other servers: every rendered document as files, with the configuration that serves
them as ``byregion serve`` does (:mod:`byregion.export.static`)."""

#: Where Debian's libnginx-mod-http-js puts the njs module the nginx configuration loads.
DEBIAN_NJS_MODULE = "/usr/lib/nginx/modules/ngx_http_js_module.so"
