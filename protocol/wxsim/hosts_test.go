package wxsim

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

// TestHostTableAgreesWithTheClient: the simulator's host table, written
// out on its own, and the client's are the same table (same hosts, same
// order, same file and push hosts). When they disagree, one of them is
// wrong: check PROTOCOL.md §0 before changing either.
func TestHostTableAgreesWithTheClient(t *testing.T) {
	t.Parallel()
	require.Equal(t, protocol.MainHosts, mainHosts())
	var all []string
	for _, m := range protocol.MainHosts {
		h, err := protocol.HostsFor(m)
		require.NoError(t, err)
		f, err := familyOf(m)
		require.NoError(t, err)
		require.Equal(t, hostFamily{h.Main, h.File, h.Push}, f)
		all = append(all, "login."+m)
	}
	require.Equal(t, append(protocol.AllHosts(), all...), servedHosts())
	_, err := familyOf("login.wx.qq.com")
	require.Error(t, err)
}

// TestUinReadsAsTheClientWrites: both forms of Uin the page sends read the
// same in the simulator as in the client.
func TestUinReadsAsTheClientWrites(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`566148615`, `"566148615"`} {
		var ours wireUin
		var theirs protocol.Uin
		require.NoError(t, json.Unmarshal([]byte(in), &ours))
		require.NoError(t, json.Unmarshal([]byte(in), &theirs))
		require.Equal(t, int64(566148615), int64(ours))
		require.Equal(t, int64(theirs), int64(ours))
	}
	for _, bad := range []string{`"56x"`, `true`, `{}`} {
		var ours wireUin
		require.Error(t, json.Unmarshal([]byte(bad), &ours), bad)
	}
}
