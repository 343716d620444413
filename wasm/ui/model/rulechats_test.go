package model

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestUnknownChats: a rule's chat names that no chat is known by to the
// rules (its remark name, else its nick name, as shown) are said; a nick
// name under a remark is one of them.
func TestUnknownChats(t *testing.T) {
	t.Parallel()
	cs := msg.Contacts{Contacts: []msg.Contact{
		{UserName: "@a", NickName: "张三", RemarkName: "老张"},
		{UserName: "@b", NickName: "李四"},
		{UserName: "@c", NickName: `<span class="emoji emoji1f600"></span>笑`},
		{UserName: "@@g", NickName: "相亲相爱一家人"},
	}}
	for _, tt := range []struct {
		name  string
		names []string
		cs    msg.Contacts
		want  []string
	}{
		{"all known", []string{"老张", "李四", "😀笑", "相亲相爱一家人"}, cs, nil},
		{"a nick under a remark", []string{"张三", "李四"}, cs, []string{"张三"}},
		{"no such chat", []string{"nobody", ""}, cs, []string{"nobody"}},
		{"the list loading", []string{"nobody"}, msg.Contacts{Loading: true, Contacts: cs.Contacts}, nil},
		{"no list", []string{"nobody"}, msg.Contacts{}, nil},
	} {
		require.Equal(t, tt.want, UnknownChats(tt.names, tt.cs), tt.name)
	}
}

// TestRuleChatNames: the rule form's chats are split at the commas a
// person types, in English and in Chinese (，) and at the enumeration
// comma (、) the options show a rule's chats with; blanks are dropped. A
// known chat whose name has such a comma (a group 爸爸、妈妈、我, a remark
// 王总，销售部) stays one chat: split, the group's rule answered the
// person's 爸爸 and 妈妈 in their own chats.
func TestRuleChatNames(t *testing.T) {
	t.Parallel()
	known := ChatNames(msg.Contacts{Contacts: []msg.Contact{
		{UserName: "@@g", NickName: "爸爸、妈妈、我"},
		{UserName: "@a", NickName: "爸爸"},
		{UserName: "@b", NickName: "妈妈"},
		{UserName: "@c", NickName: "wang", RemarkName: "王总，销售部"},
		{UserName: "@d", NickName: "老张"},
	}})
	for _, tt := range []struct {
		field string
		want  []string
	}{
		{"老张, 李四", []string{"老张", "李四"}},
		{"老张，李四", []string{"老张", "李四"}},
		{"老张、李四，相亲相爱一家人", []string{"老张", "李四", "相亲相爱一家人"}},
		{" Alice Chen ,, ，", []string{"Alice Chen"}},
		{"", nil},
		{"爸爸、妈妈、我", []string{"爸爸、妈妈、我"}},
		{"老张，爸爸、妈妈、我", []string{"老张", "爸爸、妈妈、我"}},
		{"爸爸、妈妈", []string{"爸爸", "妈妈"}},
		{"王总，销售部, 老张", []string{"王总，销售部", "老张"}},
		{"王总，销售", []string{"王总", "销售"}},
	} {
		require.Equal(t, tt.want, RuleChatNames(tt.field, known), tt.field)
	}
}
