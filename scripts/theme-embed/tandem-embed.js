/* Tandem theme embed: Meta Pixel events with an eventID, only with marketing consent.
   Source of extensions/tandem-theme/assets/tandem-embed.js (node build.mjs minifies it:
   budget 4 KB gzipped). No dependencies. docs/storefront-theme-embed.md has the contract. */
(function (w) {
  "use strict";
  var T = (w.Tandem = w.Tandem || {});

  function uuid() {
    var c = w.crypto,
      b = new Uint8Array(16),
      i,
      h = "";
    if (c && c.randomUUID) return c.randomUUID();
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    for (i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
    return h;
  }

  // The event-id contract (app/capi/event-id-vectors.json, edge rules in
  // docs/decisions/008-event-id-edges.md; the same rules as app/capi/event-id.ts): order
  // ids stay strings, never a JS Number, so ids past 2^53 survive; leading zeros dropped,
  // zero is no order; tokens keep their case, inner whitespace refuses them.
  T.eventId = function (name, input) {
    var v,
      id,
      p = { InitiateCheckout: "ic_", AddPaymentInfo: "api_" }[name];
    if (name == "Purchase") {
      v = input && input.order_id;
      if (typeof v == "number") v = Number.isSafeInteger(v) && v > 0 ? "" + v : "";
      v = typeof v == "string" && /^(?:gid:\/\/shopify\/(?:Order|OrderIdentity)\/)?(\d+)(?:[?#].*)?$/.exec(v.trim());
      v = v && v[1].replace(/^0+/, "");
      id = v && "purchase_" + v;
    } else if (!p) return uuid();
    else {
      v = input && typeof input.checkout_token == "string" ? input.checkout_token.trim() : "";
      id = v && !/[\s\u0000-\u001f\u007f]/.test(v) && p + v;
    }
    return id && id.length <= 128 ? id : null;
  };
  T.uuid = uuid;

  var d = w.document,
    el = d && d.getElementById("tandem-embed-config"),
    page;
  try {
    page = JSON.parse(el.textContent);
  } catch (e) {
    return;
  }
  var conf = page.config || {},
    pixels = conf.pixel_ids || [],
    cart = page.cart || {};
  var currency = page.currency || "USD",
    product = page.product,
    rule = conf.catalog_id_rule,
    byPixel = conf.product_events == "web_pixel";
  var S = w.Shopify || {},
    root = (S.routes && S.routes.root) || "/",
    origFetch = w.fetch;
  var started,
    live,
    busy,
    next,
    loaded,
    qs = new URLSearchParams(w.location.search);
  if (!pixels.length) return;

  function fbq() {
    w.fbq.apply(w, arguments);
  }
  function track(name, data) {
    if (live) fbq("track", name, data, { eventID: uuid() });
  }
  function cookie(n) {
    var m = d.cookie.match("(?:^|; )" + n + "=([^;]*)");
    return m ? decodeURIComponent(m[1]) : "";
  }
  function isAdd(u) {
    return /\/cart\/add(?:\.js|\.json)?(?:\?|#|$)/.test(String(u || ""));
  }

  function contentId(x) {
    if (rule == "product_id") return x.pid;
    if (rule == "sku") return x.sku; // no SKU: left out of the ids, as on the server
    if (rule == "shopify_feed") return x.pid && "shopify_" + (conf.catalog_country || "US").toUpperCase() + "_" + x.pid + "_" + x.vid;
    return x.vid;
  }

  // Liquid and /cart/*.js prices are integers in hundredths of the presentment currency
  // (whole yen are still x100), so the sum stays an integer and two decimals are exact.
  function contentData(items) {
    var cents = 0,
      n = 0,
      ids = [],
      contents = [];
    items.forEach(function (x) {
      var id = contentId(x);
      cents += (x.price || 0) * x.q;
      n += x.q;
      if (!id) return;
      id = String(id);
      if (ids.indexOf(id) < 0) ids.push(id);
      contents.push({ id: id, quantity: x.q, item_price: (x.price || 0) / 100 });
    });
    return {
      content_ids: ids,
      contents: contents,
      num_items: n,
      currency: currency,
      content_type: rule == "product_id" ? "product_group" : "product",
      value: Number((cents / 100).toFixed(2)),
    };
  }

  // A variant as the page (product JSON) or a /cart/add.js response describes it.
  function item(vid, q, res) {
    var r = (res || []).filter(function (i) {
      return String(i.variant_id || i.id) == vid;
    })[0];
    var v =
      product &&
      product.variants.filter(function (i) {
        return i.id == vid;
      })[0];
    if (r) return { vid: vid, pid: String(r.product_id), sku: r.sku, price: r.price, q: q };
    return { vid: vid, pid: product && product.id, sku: v && v.sku, price: v && v.price, q: q };
  }

  function added(body, res) {
    var o = body,
      list;
    if (typeof o == "string") {
      try {
        o = JSON.parse(o);
      } catch (e) {
        o = new URLSearchParams(o);
      }
    }
    if (o && typeof o.get == "function") list = o.get("id") ? [{ id: o.get("id"), quantity: o.get("quantity") }] : [];
    else list = (o && (o.items || (o.id && [o]))) || [];
    res = res && (res.items || [res]);
    list = list.map(function (x) {
      return item(String(x.id), Number(x.quantity) || 1, res);
    });
    if (list.length) track("AddToCart", contentData(list));
  }

  function hookAddToCart() {
    if (origFetch)
      w.fetch = function (input, init) {
        var p = origFetch.apply(this, arguments);
        if (isAdd((input && input.url) || input))
          p.then(
            function (r) {
              if (r.ok)
                r.clone()
                  .json()
                  .then(
                    function (j) {
                      added(init && init.body, j);
                    },
                    function () {},
                  );
            },
            function () {},
          );
        return p;
      };
    var X = w.XMLHttpRequest && w.XMLHttpRequest.prototype,
      open = X.open,
      send = X.send;
    X.open = function (m, u) {
      this._tandemAdd = isAdd(u);
      return open.apply(this, arguments);
    };
    X.send = function (b) {
      var x = this;
      if (x._tandemAdd)
        x.addEventListener("load", function () {
          try {
            if (x.status < 300) added(b, x.responseType == "json" ? x.response : JSON.parse(x.responseText));
          } catch (e) {}
        });
      return send.apply(this, arguments);
    };
    // A plain form post navigates away; a theme that posts by AJAX cancels the submit and
    // is seen by the fetch/XHR hooks instead, so it is not counted twice.
    d.addEventListener("submit", function (e) {
      var f = e.target;
      if (!e.defaultPrevented && isAdd(f.getAttribute("action"))) added(new FormData(f));
    });
  }

  function stamp(c) {
    var s = "m" + +c.m + "a" + +c.a + "s" + +c.s,
      old = cart._tandem_consent || "";
    return old.indexOf(s + ".") == 0 ? old : s + "." + Math.floor(Date.now() / 1000);
  }

  // Writes only the attributes whose value differs from the cart's (rendered by Liquid,
  // then kept up to date here), so a page view with nothing new writes nothing.
  function write(attrs) {
    var diff = {},
      k,
      n = 0;
    if (busy) return (next = attrs);
    for (k in attrs)
      if ((cart[k] || "") != attrs[k]) {
        diff[k] = attrs[k];
        n++;
      }
    if (!n) return;
    busy = 1;
    origFetch(root + "cart/update.js", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: diff }),
    })
      .then(
        function (r) {
          if (r.ok) for (k in diff) cart[k] = diff[k];
        },
        function () {},
      )
      .then(function () {
        busy = 0;
        if (next) {
          attrs = next;
          next = 0;
          write(attrs);
        }
      });
  }

  // The ad click of this visit: fbclid in the page URL, else in the referrer (a redirect or
  // an in-app browser may drop it from the URL). Case kept; only what an fbclid is made of.
  function clickId() {
    var id = qs.get("fbclid");
    if (!id)
      try {
        id = new URL(d.referrer).searchParams.get("fbclid");
      } catch (e) {}
    return id && /^[\w-]{1,500}$/.test(id) ? id : "";
  }

  // A first-party Meta cookie as fbevents.js writes it: on the widest domain the browser
  // accepts (the shop's top-level domain), for 90 days, fb.<subdomain index>.<ms>.<payload>.
  // (An address as host takes no domain attribute.)
  function put(n, payload) {
    var o = w.location.hostname,
      h = o.split("."),
      i = /^[\d.]+$|:/.test(o) ? -1 : h.length - 2,
      v,
      m;
    for (; i >= -1; i--) {
      m = i < 0 ? "" : ";domain=" + h.slice(i).join(".");
      v = "fb." + (m ? h.length - 1 - i : 1) + "." + Date.now() + "." + payload;
      d.cookie = n + "=" + v + ";path=/;max-age=7776000;SameSite=Lax" + m;
      if (cookie(n) == v) return v;
    }
  }

  function sync(c) {
    var attrs = { _tandem_consent: stamp(c) },
      fbp = cookie("_fbp"),
      fbc = cookie("_fbc"),
      id = clickId();
    // A newer click replaces an older _fbc with a new creation time (what Meta's Parameter
    // Builder does); the same click keeps its cookie and time.
    if (id && (!fbc || fbc.split(".")[3] != id)) fbc = put("_fbc", id);
    // fbevents.js blocked (or it never set one): Tandem's own browser id, in Meta's format.
    if (!fbp && loaded) fbp = put("_fbp", Math.floor(Math.random() * 2147483647));
    if (fbp) attrs._fbp = fbp;
    if (fbc) attrs._fbc = fbc;
    write(attrs);
  }

  function start(c) {
    var f,
      s,
      vid,
      q = qs.get("q");
    if (!w.fbq) {
      f = w.fbq = function () {
        f.callMethod ? f.callMethod.apply(f, arguments) : f.queue.push(arguments);
      };
      if (!w._fbq) w._fbq = f;
      f.push = f;
      f.loaded = true;
      f.version = "2.0";
      f.queue = [];
      s = d.createElement("script");
      s.async = true;
      s.src = conf.fbevents_url || "https://connect.facebook.net/en_US/fbevents.js";
      // fbevents.js sets _fbp and _fbc when it runs, and in in-app browsers _fbc a moment
      // later: read them again after it loads (or fails), and once more a little later.
      s.onload = s.onerror = function () {
        loaded = 1;
        [0, 1500].forEach(function (t) {
          setTimeout(function () {
            if (live) sync(cur);
          }, t);
        });
      };
      d.head.appendChild(s);
    } else {
      loaded = 1;
      setTimeout(function () {
        sync(cur);
      });
    }
    if (!c.s) fbq("dataProcessingOptions", ["LDU"], 0, 0);
    pixels.forEach(function (id) {
      fbq("init", String(id), page.customer_id ? { external_id: String(page.customer_id) } : {});
    });
    track("PageView", {});
    // Where the web pixel fires ViewContent and AddToCart (Shopify's product_viewed and
    // product_added_to_cart), the embed leaves them to it: one browser copy each
    // (docs/decisions/042). Older settings without the flag keep them here.
    if (product && !byPixel) {
      vid = qs.get("variant");
      if (
        !product.variants.some(function (v) {
          return v.id == vid;
        })
      )
        vid = product.variant_id;
      track("ViewContent", contentData([item(String(vid), 1)]));
    }
    if (q != null && /\/search\/?$/.test(w.location.pathname)) track("Search", { search_string: q });
    if (!byPixel) hookAddToCart();
  }

  var cur;
  // `declined`: the visitor answered no (not merely "not yet"), so the server is told.
  function apply(c, declined) {
    var revoke = {};
    if (!c) return;
    if (c.m) {
      if (started && !live) fbq("consent", "grant");
      if (started) fbq("dataProcessingOptions", c.s ? [] : ["LDU"], 0, 0);
      live = 1;
      cur = c;
      if (!started) {
        started = 1;
        start(c);
      } else sync(c);
    } else {
      if (live) fbq("consent", "revoke");
      live = 0;
      // A consent record for the server, not tracking: it blocks the server copy. Written when
      // the visitor declines (the web pixel, which needs marketing consent, does not load then)
      // or revokes an earlier grant; never before the visitor has answered.
      if (declined || /^m1/.test(cart._tandem_consent || "")) {
        revoke._tandem_consent = stamp(c);
        if (cart._fbp) revoke._fbp = "";
        if (cart._fbc) revoke._fbc = "";
        write(revoke);
      }
    }
  }

  function current() {
    var p = (w.Shopify || {}).customerPrivacy;
    try {
      return p && { m: !!p.marketingAllowed(), a: !!p.analyticsProcessingAllowed(), s: !!p.saleOfDataAllowed() };
    } catch (e) {}
  }

  // Shopify's record of the visitor's answer: "no" is a decline, "" not answered yet.
  function declinedNow() {
    var p = (w.Shopify || {}).customerPrivacy;
    try {
      return p.currentVisitorConsent().marketing == "no";
    } catch (e) {}
  }

  d.addEventListener("visitorConsentCollected", function (e) {
    var x = e.detail || {},
      p = current() || {};
    function pick(v, k) {
      return typeof v == "boolean" ? v : !!p[k];
    }
    apply({ m: pick(x.marketingAllowed, "m"), a: pick(x.analyticsAllowed, "a"), s: pick(x.saleOfDataAllowed, "s") }, true);
  });
  if (S.loadFeatures)
    S.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], function (err) {
      if (!err) apply(current(), declinedNow());
    });
})(window);

/* Pixel audit (docs/decisions/031): other Meta pixels initialised on this page, and
   Purchase / InitiateCheckout events someone else fired. Seen where the browser itself
   shows them: fbq's queue and state, the signals/config/<id> scripts fbevents.js loads
   per pixel, and the facebook.com/tr requests it sends (resource timing). Reports pixel
   ids, event names and the page type only, never an event id or anything about the
   shopper; only when there is a finding, once per browser session per set of findings. */
(function (w) {
  "use strict";
  var d = w.document,
    el = d && d.getElementById("tandem-embed-config"),
    page,
    conf,
    mine,
    before = !!w.fbq;
  try {
    page = JSON.parse(el.textContent);
  } catch (e) {
    return;
  }
  conf = page.config || {};
  mine = (conf.pixel_ids || []).map(String);
  if (!conf.audit_url || !conf.shop_key || !w.fetch || !mine.length) return;

  function audit() {
    var pixels = {},
      events = {},
      f = w.fbq,
      s,
      list = [],
      k,
      body,
      mark;
    function pixel(id) {
      id = String(id || "");
      if (/^\d{6,20}$/.test(id) && mine.indexOf(id) < 0) pixels[id] = 1;
    }
    // Tandem's embed never fires these two: the web pixel does, on checkout pages.
    function event(name, id, eid) {
      if ((name == "Purchase" || name == "InitiateCheckout") && !/^(purchase|ic)_[\w-]+$/.test(eid || ""))
        events[name + (/^\d{6,20}$/.test(id) ? ":" + id : "")] = 1;
    }
    try {
      s = f && f.getState && f.getState();
      ((s && s.pixels) || []).forEach(function (p) {
        pixel(p.id);
      });
      for (k in (f && f.instance && f.instance.pixelsByID) || {}) pixel(k);
      ((f && f.queue) || []).forEach(function (a) {
        if (a[0] == "init") pixel(a[1]);
        if (a[0] == "track") event(a[1], "", a[3] && a[3].eventID);
        if (a[0] == "trackSingle") event(a[2], a[1], a[4] && a[4].eventID);
      });
    } catch (e) {}
    [].slice
      .call(d.scripts)
      .map(function (x) {
        return x.src;
      })
      .concat(
        ((w.performance && performance.getEntriesByType && performance.getEntriesByType("resource")) || []).map(function (x) {
          return x.name;
        }),
      )
      .forEach(function (u) {
        var m = /\/signals\/config\/(\d+)/.exec(u),
          q;
        if (m) pixel(m[1]);
        m = /\/tr\/?\?(.*)$/.exec(u);
        if (!m) return;
        q = new URLSearchParams(m[1]);
        pixel(q.get("id"));
        event(q.get("ev"), q.get("id"), q.get("eid"));
      });
    for (k in pixels) list.push(k);
    body = {
      v: 1,
      shop_key: String(conf.shop_key),
      page: String(page.page_type || "other").slice(0, 40),
      order: before ? "before" : "after",
      pixels: list.slice(0, 10),
      events: Object.keys(events).slice(0, 10),
    };
    if (!body.pixels.length && !body.events.length) return null;
    mark = "tandem_audit:" + body.pixels.concat(body.events).join(",");
    try {
      if (sessionStorage.getItem(mark)) return body;
      sessionStorage.setItem(mark, "1");
    } catch (e) {}
    w.fetch(conf.audit_url, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).catch(function () {});
    return body;
  }
  // For tests and support: run it now and see what it found (null: nothing).
  (w.Tandem = w.Tandem || {}).audit = audit;

  // After the page settles (other snippets and their first events), and once more as it is left.
  function later() {
    setTimeout(audit, 3000);
  }
  if (d.readyState == "complete") later();
  else w.addEventListener("load", later);
  w.addEventListener("pagehide", audit);
})(window);
