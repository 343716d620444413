package protocol_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

// newFriendRequest makes a request arrive and returns what its message
// gave the page.
func newFriendRequest(t *testing.T, env *wxsimtest.Env, key, nick string) protocol.FriendRequest {
	t.Helper()
	m, err := env.Sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: key, NickName: nick, Province: "广东"}, Content: "我是" + nick})
	require.NoError(t, err)
	return protocol.FriendRequest{UserName: m.Recommend.UserName, Ticket: m.Recommend.Ticket}
}

func TestVerifyUserAddsTheContact(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	fr := newFriendRequest(t, env, "zhaoliu", "赵六")
	res, err := env.Client.VerifyUser(ctx, fr)
	require.NoError(t, err)
	require.Equal(t, fr.UserName, res.UserName)

	// The page's body, flat, in its order (§3.6).
	reqs := env.Sim.RequestsTo("webwxverifyuser")
	require.Len(t, reqs, 1)
	var body map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(reqs[0].Body, &body))
	require.JSONEq(t, `3`, string(body["Opcode"]))
	require.JSONEq(t, `[{"Value":"`+fr.UserName+`","VerifyUserTicket":"`+fr.Ticket+`"}]`, string(body["VerifyUserList"]))
	require.JSONEq(t, `[33]`, string(body["SceneList"]))
	require.JSONEq(t, `""`, string(body["VerifyContent"]))
	require.JSONEq(t, `"`+env.Sess.Skey+`"`, string(body["skey"]))
	require.NotEmpty(t, reqs[0].Query.Get("r"))

	// webwxgetcontact lists the new friend under the request's UserName,
	// and a message to them goes.
	cs, err := env.Client.Contacts(ctx)
	require.NoError(t, err)
	var found *protocol.Contact
	for i := range cs {
		if cs[i].UserName == fr.UserName {
			found = &cs[i]
		}
	}
	require.NotNil(t, found, "the new friend is a contact")
	require.Equal(t, "赵六", found.NickName)
	require.Equal(t, "广东", found.Province)
	_, err = env.Client.SendText(ctx, protocol.Text{To: fr.UserName, Content: "你好"})
	require.NoError(t, err)
	v := env.Sim.Verifications()
	require.Len(t, v, 1)
	require.Equal(t, "zhaoliu", v[0].Key)

	// A ticket is good once.
	_, err = env.Client.VerifyUser(ctx, fr)
	require.ErrorIs(t, err, protocol.ErrParam)
}

func TestVerifyUserNeedsTicket(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	for _, fr := range []protocol.FriendRequest{{UserName: "@ab"}, {Ticket: "v2_x"}} {
		_, err := env.Client.VerifyUser(ctx, fr)
		require.ErrorIs(t, err, protocol.ErrNoTicket)
	}
	require.Empty(t, env.Sim.RequestsTo("webwxverifyuser"), "nothing was sent")
}

// TestVerifyUserRefusals breaks one thing of the client's request at a
// time; wxsim refuses each with its Ret and reason, and adds no contact.
func TestVerifyUserRefusals(t *testing.T) {
	t.Parallel()
	set := func(path string, v any) func(*testing.T, []byte) []byte {
		return func(t *testing.T, b []byte) []byte {
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m))
			if v == nil {
				delete(m, path)
			} else {
				m[path] = v
			}
			out, err := json.Marshal(m)
			require.NoError(t, err)
			return out
		}
	}
	tests := []struct {
		name   string
		mutate func(*testing.T, []byte) []byte
		ret    int
		reason string
	}{
		{"Opcode 2", set("Opcode", 2), 1, "Opcode 2"},
		{"Opcode 1", set("Opcode", 1), 1, "Opcode 1"},
		{"no Opcode", set("Opcode", nil), 1, "Opcode missing"},
		{"unknown ticket", set("VerifyUserList", []any{map[string]any{"Value": "@ab", "VerifyUserTicket": "v2_nope"}}), 1, "no friend request with that ticket"},
		{"empty ticket", set("VerifyUserList", []any{map[string]any{"Value": "@ab", "VerifyUserTicket": ""}}), 1, "needs Value and VerifyUserTicket"},
		{"two users", set("VerifyUserList", []any{map[string]any{"Value": "@ab", "VerifyUserTicket": "a"}, map[string]any{"Value": "@cd", "VerifyUserTicket": "b"}}), 1, "VerifyUserListSize"},
		{"no VerifyContent", set("VerifyContent", nil), 1, "VerifyContent missing"},
		{"scene 0", set("SceneList", []any{0}), 1, "SceneList"},
		{"no SceneListCount", set("SceneListCount", nil), 1, "SceneListCount"},
		{"no skey", set("skey", nil), 1, "skey missing"},
		{"wrong skey", set("skey", "@crypt_00000000_0"), 1101, "skey beside BaseRequest"},
		{"no BaseRequest", set("BaseRequest", nil), 1, "BaseRequest missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			fr := newFriendRequest(t, env, "zhaoliu", "赵六")
			c := wxsimtest.NewClient(t, &wxsimtest.Mutator{Next: env.HTTP, Mutate: func(_ *http.Request, b []byte) []byte { return tt.mutate(t, b) }}, env.Sess.Protocol())
			_, err := c.VerifyUser(ctx, fr)
			env.RequireRefused(t, err, tt.ret, tt.reason)
			require.Empty(t, env.Sim.Verifications())
			require.Empty(t, env.Sim.UserName("zhaoliu"))
		})
	}
}
