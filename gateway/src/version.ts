/** Replaced by the bundler at build time; the package version when running from source. */
declare const __GATEWAY_VERSION__: string | undefined;

export const GATEWAY_VERSION: string =
  typeof __GATEWAY_VERSION__ === 'string' ? __GATEWAY_VERSION__ : '0.1.0-dev';
