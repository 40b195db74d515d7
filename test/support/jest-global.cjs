// Jest loads globalSetup/globalTeardown as CommonJS, where `./x.js` does not find `./x.ts` as it does under
// ts-jest's ESM mode. Mapping relative `.js` requests to their `.ts` sources here lets both hooks share the
// project's TypeScript (they only reach modules that load as CommonJS: pg, ioredis, node built-ins).
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolve.call(this, request, ...rest);
  } catch (error) {
    if (request.startsWith('.') && request.endsWith('.js'))
      return resolve.call(this, request.replace(/\.js$/, '.ts'), ...rest);
    throw error;
  }
};

module.exports = {
  setup: require('./global-setup.ts').default,
  teardown: require('./global-teardown.ts').default,
};
