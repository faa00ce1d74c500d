// Preloaded with NODE_OPTIONS=--require into every process of `npm start` by the no-outbound test: records
// each TCP/UDP connection to a non-loopback address and each DNS lookup of a non-loopback name, one JSON
// line per attempt, to the file named by NETWORK_RECORD_FILE. It observes; it does not block.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');

const file = process.env.NETWORK_RECORD_FILE;
if (file) {
  const loopbackName = (host) => host === undefined || host === null || host === '' || host === 'localhost' || /\.localhost$/.test(host);
  const loopbackAddress = (host) => /^127\./.test(host) || host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  const outbound = (host) => !loopbackName(host) && !loopbackAddress(String(host));
  const record = (kind, target) => {
    try {
      fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, kind, target: String(target), argv: process.argv.slice(1, 3) })}\n`);
    } catch {
      // The test reads what was written; a failed write must not change the product's behaviour.
    }
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function patchedConnect(...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
    if (options.path === undefined && outbound(options.host ?? 'localhost')) record('tcp', `${options.host}:${options.port}`);
    return connect.apply(this, args);
  };

  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv']) {
    const original = dns[name];
    if (typeof original === 'function') {
      dns[name] = function patchedDns(hostname, ...rest) {
        if (outbound(hostname)) record(`dns.${name}`, hostname);
        return original.call(this, hostname, ...rest);
      };
    }
    const promised = dns.promises[name];
    if (typeof promised === 'function') {
      dns.promises[name] = function patchedDnsPromise(hostname, ...rest) {
        if (outbound(hostname)) record(`dns.promises.${name}`, hostname);
        return promised.call(this, hostname, ...rest);
      };
    }
  }

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function patchedSend(...args) {
    const address = args.find((arg, index) => index > 0 && typeof arg === 'string');
    if (address !== undefined && outbound(address)) record('udp', address);
    return send.apply(this, args);
  };
}
