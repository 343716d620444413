package main

// attack26: the breakages of this stop's attack pass (docs/security.md
// rows 113 on).
var attack26 = []mutation{
	{Name: "a link's host judged as Go reads it, not as the browser's URL parser (row 113)", File: "wasm/share/target.go",
		Old: `	if h, ok := urlHost(target); ok {`, New: `	if h, ok := urlHost(target); ok && false {`, Pkgs: []string{"./wasm/share/"}, Run: "TestWrappedLinkAsTheBrowserMapsIt$", Wasm: true},
	{Name: "http:192.168.1.1/ read as Go reads it, a URL of no host (row 114)", File: "wasm/share/target.go",
		Old: `	u, err := browserURL(target)`, New: `	u, err := url.Parse(target)`, Pkgs: []string{"./wasm/share/"}},
}
