import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * URLs of the stylesheet and script with a content hash, so browsers may cache them for a year
 * and still get a new version the moment it changes.
 */
export interface Assets {
  css: string;
  js: string;
  icon: string;
}

const publicDir = new URL('../../../public/', import.meta.url);

function fingerprinted(path: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(new URL(path, publicDir)))
    .digest('hex')
    .slice(0, 12);
  return `/static/${path}?v=${hash}`;
}

export function loadAssets(): Assets {
  return {
    css: fingerprinted('css/site.css'),
    js: fingerprinted('js/site.js'),
    icon: fingerprinted('images/favicon.svg'),
  };
}

export const publicRoot = publicDir;
