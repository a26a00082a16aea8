#!/usr/bin/env bash
# Lighthouse 12.2.3 scores (performance, accessibility, best practices, SEO) for the home, search
# and practice pages of a server started here with the demo content, in Debian's Chromium.
# Usage: bash bench/lighthouse.sh        (needs network access to the npm registry for npx)
set -euo pipefail
port=${PORT:-3999}
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
DATABASE_URL="sqlite:$dir/lh.db" DATA_DIR="$dir" PORT=$port LOG_LEVEL=silent node bin/clearinghouse.js serve &
server=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 1; done
slug=$(curl -fs "http://127.0.0.1:$port/api/v1/practices?per_page=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).results[0].slug))')
for path in / /search "/search?q=housing" "/practices/$slug" /ar/; do
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} npx -y lighthouse@12.2.3 "http://127.0.0.1:$port$path" --quiet \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$dir/report.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const s = Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
    console.log(process.argv[2].padEnd(40), JSON.stringify(s));
  ' "$dir/report.json" "$path"
done
