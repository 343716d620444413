# wxdrop: every target does its own set-up; see README.md.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
FUZZTIME  ?= 60s

.PHONY: all build test test-native test-js vet bench fuzz demo clean deps

all: build

## build: compile every package natively and for the browser (GOOS=js)
build:
	$(GO) build ./...
	GOOS=js GOARCH=wasm $(GO) build ./...

## deps: install what the tests need that a fresh machine may lack
deps:
	@scripts/deps.sh

## vet: go vet for the host and for GOOS=js
vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

## test: everything CI runs (vet, native tests, the same tests compiled to WebAssembly under Node)
test: deps vet test-native test-js

test-native:
	$(GO) test -count=1 ./...

test-js:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./...

## bench: the figures of the closing notes, printed as ratios against baselines run alongside
bench:
	$(GO) test -run '^$$' -bench UploadVsBaseline -benchtime 3x ./protocol/

## fuzz: run every fuzz target for FUZZTIME each (default 60s)
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

## demo: start the simulated web WeChat (server and page) and print the Chromium flags that reach it
demo:
	$(GO) run ./protocol/wxsim/cmd/wxsim -login

clean:
	$(GO) clean -testcache
	rm -rf dist out
