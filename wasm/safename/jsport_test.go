//go:build !js

package safename_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/safename"
)

// TestInstantJSHidesWhatVisibleDoes holds the popup's first script to
// this package's list: extension/pages/instant.js keeps its own copy of
// the characters Hidden names (a regular expression: it runs before any
// Go does), and takes them out of a name it puts in a sentence, as
// jsx.Message does with Visible. The two lists were kept by hand; a
// character added to one only would let a name reorder the popup's
// first sentence (or lose one Go keeps). Every code point is tried under
// Node, with the expression read from instant.js as it is.
func TestInstantJSHidesWhatVisibleDoes(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node.js runs instant.js's expression (make test installs it)")
	src, err := os.ReadFile("../../extension/pages/instant.js")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*const hidden = (/\[[^\n]*\]/g);$`).FindSubmatch(src)
	require.NotNil(t, m, "instant.js has no line `const hidden = /[…]/g;`")
	cmd := exec.Command(node, "-e", `
const hidden = `+string(m[1])+`;
const out = [];
for (let c = 0; c <= 0x10ffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  if (String.fromCodePoint(c).replace(hidden, "") === "") out.push(c);
}
process.stdout.write(JSON.stringify(out));`)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "node: %s", stderr.String())
	var js []rune
	require.NoError(t, json.Unmarshal(out, &js))
	var goes []rune
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if safename.Hidden(r) {
			goes = append(goes, r)
		}
	}
	require.Equal(t, hexes(goes), hexes(js), "instant.js's hidden characters (right) are not safename.Hidden's (left)")
}

func hexes(rs []rune) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%U", r)
	}
	return out
}
