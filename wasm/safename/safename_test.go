package safename_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/safename"
)

func TestHidden(t *testing.T) {
	t.Parallel()
	for _, r := range []rune{0, '\n', 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069} {
		require.True(t, safename.Hidden(r), "%U", r)
	}
	for _, r := range []rune{' ', 'a', '.', 0xa0, 0xe9, '长', 0x200d, 0x2065, 0x206a, 0x2029, '😀'} {
		require.False(t, safename.Hidden(r), "%U", r)
	}
}

func TestDevice(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"CON": "CON_", "con": "con_", "Aux.txt": "Aux_.txt", "nul.tar.gz": "nul_.tar.gz", "PRN ": "PRN_", "com1": "com1_", "LPT9.log": "LPT9_.log", "COM¹": "COM¹_",
		"COM0": "COM0", "COM10": "COM10", "console": "console", "icon.png": "icon.png", "a.con": "a.con", "LPT": "LPT", "": "",
	} {
		require.Equal(t, want, safename.NotDevice(name), name)
		require.Equal(t, want != name, safename.IsDevice(name), name)
	}
}

func TestVisible(t *testing.T) {
	t.Parallel()
	require.Equal(t, "invoicefdp.exe", safename.Visible("invoice\u202Efdp.exe"))
	require.Equal(t, "a b长.txt", safename.Visible("a\u0085 b\u2066长\u200f.txt\u0000"))
}
