# The two commands a newcomer needs: `make run` and `make test`.
GO ?= go
# Build with the toolchain go.mod names (a patched release), even where GOTOOLCHAIN=local.
export GOTOOLCHAIN ?= auto

.PHONY: run test test-postgres assets check bench lint-api vulncheck fuzz

# Serve on :3000, creating and seeding backers.db on first start.
run: assets
	$(GO) run .

# Every test, with the race detector (cgo: the SQLite driver needs it too). The store's property
# test checks every plan of the table after each of its random writes: near ten minutes under
# the race detector, go test's default timeout, so the bound is set as test-postgres sets it.
test: assets
	$(GO) test -race -count=1 -timeout 30m ./...

# The same tests on PostgreSQL: a throwaway cluster (scripts/pgtmp.sh, Debian's postgresql
# package), one fresh database per test, the cluster stopped and removed at the end. A test's
# database costs more to make on PostgreSQL, so a package may take longer than go test's
# default 10 minutes on a busy machine.
test-postgres: assets
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/backers-pg.XXXXXX"); \
	trap 'scripts/pgtmp.sh stop "'"$$dir"'"' EXIT; \
	dsn=$$(scripts/pgtmp.sh start "$$dir") && \
	echo "test-postgres: $$dsn" && \
	BACKERS_TEST_POSTGRES=$$dsn $(GO) test -race -count=1 -timeout 30m ./...

# The front end, from the npm registry pinned by package-lock.json: esbuild bundles our charts.js
# with only the parts of ECharts it imports, compressed once (static/src/build.mjs), where
# go:embed finds it.
assets: static/dist/charts.js

static/dist/charts.js: package.json package-lock.json static/src/charts.js static/src/build.mjs
	npm ci --no-audit --no-fund
	node static/src/build.mjs

check: assets
	test -z "$$(gofmt -l .)" || (gofmt -l . && exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	$(MAKE) lint-api

# The read API's OpenAPI document against Redocly's recommended rules (the CLI is a dev
# dependency in package.json, installed by npm ci with the lockfile): any error fails.
lint-api: assets
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint --extends=recommended handlers/api/openapi.json

bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Known vulnerabilities reachable from our code, from a local copy of the Go vulnerability database.
vulncheck:
	bash .ci/vulncheck

# Each fuzz target for a while (FUZZTIME, 50,000 inputs by default; about 5 to 15 s each here):
# go test -fuzz takes one target a run. A crasher is saved under the package's testdata/fuzz and
# then runs in every `make test`. A count, not a duration: Go 1.26's fuzzer can fail a target
# with a bare "context deadline exceeded" as a duration ends, finding nothing (golang/go#75804,
# fixed in Go 1.27); a count has no deadline to race.
FUZZTIME ?= 50000x
FUZZ_TARGETS = importer:FuzzParse handlers/kit:FuzzParseDay handlers/kit:FuzzCSVSafe \
	handlers/admin:FuzzSafeNext handlers:FuzzEndorsementFilters handlers/embed:FuzzOEmbedURL
fuzz: assets
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $${t#*:} in ./$${t%%:*} for $(FUZZTIME)"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "./$${t%%:*}"; \
	done
