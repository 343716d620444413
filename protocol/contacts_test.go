package protocol_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

func TestContactsFollowSeqPaging(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(2500, 1)...)
	env := wxsimtest.New(t, wxsim.Config{People: people, ContactPageSize: 1000})
	got, err := env.Client.Contacts(ctx)
	require.NoError(t, err)
	require.Len(t, got, len(people))
	require.Len(t, env.Sim.RequestsTo("webwxgetcontact"), 3)
	byName := map[string]protocol.Contact{}
	for _, c := range got {
		byName[c.UserName] = c
	}
	zs := byName[env.Sim.UserName("zhangsan")]
	require.Equal(t, "张三", zs.NickName)
	require.Equal(t, "老张", zs.RemarkName)
	require.Equal(t, "LZ", zs.RemarkPYInitial)
	require.Equal(t, "zhangsan", zs.PYQuanPin)
	require.Contains(t, zs.HeadImgURL, "/cgi-bin/mmwebwx-bin/webwxgeticon?")
	fam := byName[env.Sim.UserName("family")]
	require.True(t, fam.IsGroup())
	require.False(t, zs.IsGroup())
	require.True(t, byName[env.Sim.UserName("wxpay")].IsOfficial())
	require.Empty(t, env.Sim.Rejections())
}

func TestBatchContactsSplitsAtFifty(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(120, 2)...)
	env := wxsimtest.New(t, wxsim.Config{People: people})
	var refs []protocol.ContactRef
	for _, p := range people {
		refs = append(refs, protocol.ContactRef{UserName: env.Sim.UserName(p.Key)})
	}
	got, err := env.Client.BatchContacts(ctx, refs)
	require.NoError(t, err)
	require.Len(t, got, len(people))
	require.Len(t, env.Sim.RequestsTo("webwxbatchgetcontact"), 3)
	for _, c := range got {
		if c.UserName == env.Sim.UserName("work") {
			var members []string
			for _, m := range c.MemberList {
				members = append(members, env.Sim.KeyOf(m.UserName))
			}
			sort.Strings(members)
			require.Equal(t, []string{"alice", "wangwu", "zhangsan"}, members)
		}
	}
}

func TestStatReportIsBuiltNeverSent(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	req, err := env.Client.NewStatReportRequest([]protocol.StatReport{{Type: 1, Text: `{"type":"[app-timing]","data":{}}`}})
	require.NoError(t, err)
	require.Equal(t, "/cgi-bin/mmwebwx-bin/webwxstatreport", req.URL.Path)
	require.True(t, strings.HasPrefix(req.URL.RawQuery, "fun=new&lang=zh_CN&pass_ticket="), req.URL.RawQuery)
	require.Empty(t, env.Sim.Requests(), "building it sends nothing")
	resp, err := httpdoer.New(env.HTTP).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Empty(t, env.Sim.Rejections(), "what it builds is what the page sends")
}

// TestUnsavedGroupsOnlyByBatch: webwxgetcontact lists the groups saved to
// the contacts only; a group that is not saved is known by its UserName
// (the page's chat list) through webwxbatchgetcontact.
func TestUnsavedGroupsOnlyByBatch(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "party", NickName: "聚会", Group: true, Members: []string{"lisi"}, ContactFlag: 2, Unsaved: true})
	env := wxsimtest.New(t, wxsim.Config{People: people})
	all, err := env.Client.Contacts(ctx)
	require.NoError(t, err)
	require.Len(t, all, len(people)-1)
	for _, c := range all {
		require.NotEqual(t, env.Sim.UserName("party"), c.UserName)
	}
	got, err := env.Client.BatchContacts(ctx, []protocol.ContactRef{{UserName: env.Sim.UserName("party")}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "聚会", got[0].NickName)
}
