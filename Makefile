# PilotDesk. `make run` and `make test` set up a fresh Debian/Ubuntu machine
# themselves (apt packages, Go toolchain, Go modules).

TAGS    := migrated_fynedo,sqlite_fts5
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -X main.version=$(VERSION)
FYNE    := fyne.io/tools/cmd/fyne@v1.7.4

# A Go fetched by scripts/setup.sh lands in ~/.local/go; the Go bin folder
# holds the fyne packaging tool.
export PATH := $(HOME)/.local/go/bin:$(PATH):$(shell go env GOPATH 2>/dev/null)/bin
export CGO_ENABLED := 1

.PHONY: all setup run test build windows bench fuzz clean

all: build

setup:
	@scripts/setup.sh
	@go mod download

run: setup
	go run -tags $(TAGS) -ldflags "$(LDFLAGS)" . $(ARGS)

# vet, then every test with the race detector. LANG: Fyne cannot parse "C".
test: setup
	go vet -tags $(TAGS) ./...
	LANG=zh_CN.UTF-8 go test -race -tags $(TAGS) ./...

build: setup
	go build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o bin/pilotdesk .

# dist/PilotDesk.exe: a cross build with mingw-w64; `fyne package` adds the
# icon, version resource and manifest. It bumps Build in FyneApp.toml on each
# run, so the file is put back afterwards.
windows:
	@scripts/setup.sh --windows
	@command -v fyne >/dev/null || go install $(FYNE)
	cp FyneApp.toml .FyneApp.toml.keep
	GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CGO_LDFLAGS=-l:libssp.a \
	  fyne package --os windows --release --tags $(TAGS) --name PilotDesk; \
	  status=$$?; mv .FyneApp.toml.keep FyneApp.toml; exit $$status
	mkdir -p dist
	mv PilotDesk.exe dist/PilotDesk.exe
	@ls -l dist/PilotDesk.exe

# Each parser's fuzz target for a while (CI): counts of inputs, not durations,
# because a duration can end in a spurious "context deadline exceeded" with no
# failing input on go1.26 (golang/go#75804, fixed in go1.27). The counts are
# about 15 s each here. FUZZTIME=10m (or 1000000x) sets all three.
FUZZ_DATE ?= 100000x
FUZZ_PHONE ?= 60000x
FUZZ_SHEET ?= 3000x
fuzz: setup
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseDate$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_DATE)) ./data
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzNormalizePhone$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_PHONE)) ./data
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzReadSheet$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_SHEET)) ./export

# Issue 18's speed targets at 1,000 / 10,000 / 100,000 activities and the
# province scale: prints one table and writes BENCHMARKS.md; BENCH_SCALES=1000
# is the quick run CI does (it writes out/bench-small.md). See scripts/bench.sh.
BENCH_SCALES ?= 1000 10000 100000 province
bench: setup
	BENCH_SCALES="$(BENCH_SCALES)" scripts/bench.sh

clean:
	rm -rf bin dist
