/*
 * A minimal stand-in for AngularJS, enough for what an extension can see of
 * the real page: angular.module(...).factory(...) registers services, and
 * angular.element(document).injector().get(name) returns them (the real
 * page's accountFactory, contactFactory, chatFactory...). AngularJS itself
 * cannot be fetched here and is not needed for the simulator.
 */
(function () {
  'use strict';
  var providers = {};
  var instances = {};
  var loading = {};

  function get(name) {
    if (Object.prototype.hasOwnProperty.call(instances, name)) {
      return instances[name];
    }
    var p = providers[name];
    if (!p) {
      throw new Error('[$injector:unpr] Unknown provider: ' + name + 'Provider <- ' + name);
    }
    if (loading[name]) {
      throw new Error('[$injector:cdep] Circular dependency found: ' + name);
    }
    loading[name] = true;
    try {
      instances[name] = p.fn.apply(null, p.deps.map(get));
    } finally {
      delete loading[name];
    }
    return instances[name];
  }

  var injector = {
    get: get,
    has: function (name) {
      return Object.prototype.hasOwnProperty.call(providers, name) ||
        Object.prototype.hasOwnProperty.call(instances, name);
    }
  };

  function module(name, requires) {
    var m = {
      name: name,
      requires: requires || [],
      factory: function (serviceName, spec) {
        var deps = [];
        var fn = spec;
        if (Array.isArray(spec)) {
          deps = spec.slice(0, -1);
          fn = spec[spec.length - 1];
        }
        providers[serviceName] = {deps: deps, fn: fn};
        return m;
      },
      value: function (serviceName, v) {
        instances[serviceName] = v;
        return m;
      }
    };
    return m;
  }

  function extend(dst) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i];
      if (src) {
        Object.keys(src).forEach(function (k) { dst[k] = src[k]; });
      }
    }
    return dst;
  }

  // angular.element wraps a node like jqLite; every node of the app shares
  // the one injector, as under ng-app on <html>.
  function element(node) {
    var el = {length: node ? 1 : 0, injector: function () { return injector; }};
    el[0] = node;
    return el;
  }

  window.angular = {
    version: {full: '1.3.0-wxsim', major: 1, minor: 3, dot: 0, codeName: 'wxsim'},
    module: module,
    element: element,
    extend: extend,
    copy: function (v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); },
    forEach: function (obj, fn) { Object.keys(obj || {}).forEach(function (k) { fn(obj[k], k); }); },
    isArray: Array.isArray,
    isString: function (v) { return typeof v === 'string'; },
    isObject: function (v) { return v !== null && typeof v === 'object'; },
    isUndefined: function (v) { return v === undefined; },
    toJson: function (v) { return JSON.stringify(v); },
    fromJson: function (s) { return typeof s === 'string' ? JSON.parse(s) : s; }
  };
})();
