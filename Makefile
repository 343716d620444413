# wxdrop: every target does its own set-up; see README.md.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
FUZZTIME  ?= 60s

.PHONY: all build test test-native test-js vet bench soak fuzz mutate demo dist clean deps

all: build

## build: the extension in place (extension/core.wasm, ui.wasm, wasm_exec.js), and every package natively
build:
	./build.sh
	$(GO) build ./...

## deps: install what the tests need that a fresh machine may lack
deps:
	@scripts/deps.sh

## vet: go vet for the host and for GOOS=js
vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

## test: everything CI runs: vet, the Go tests natively (the end-to-end tests in ./e2e build the
## extension and drive headless Chromium), and the same tests compiled to WebAssembly under Node
test: deps vet test-native test-js

test-native:
	$(GO) test -count=1 ./...

test-js:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./...

## bench: the figures of the closing notes, each beside a baseline measured in the same run
bench: deps
	$(GO) test -run '^$$' -bench UploadVsBaseline -benchtime 3x ./protocol/
	$(GO) run ./e2e/cmd/figures
	$(GO) run ./e2e/cmd/sharebench -nobuild

## soak: 200 scheduled messages while the worker is stopped, the browser restarted and wxsim injects faults
soak: deps
	$(GO) run ./e2e/cmd/soak

## fuzz: run every fuzz target for FUZZTIME each (default 60s)
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

## mutate: break the code on purpose, one breakage at a time in a scratch copy, and check the tests notice
## (tools/mutate/list.go; MUTATE="-e2e" adds the ones only Chromium catches, MUTATE="-only regexp" picks)
mutate:
	$(GO) run ./tools/mutate $(MUTATE)

## demo: build, start wxsim and Chromium with the extension on it (headless: a scripted tour and a screenshot)
demo: deps
	$(GO) run ./tools/demo

## dist: the zip a browser store takes, in dist/
dist:
	./build.sh
	$(GO) run ./tools/dist

clean:
	$(GO) clean -testcache
	rm -rf dist out extension/core.wasm extension/ui.wasm extension/wasm_exec.js
