//go:build !js

package firefox

import (
	"testing"
)

// TestFirefoxPageAPIAvatarOfFileHelper: wxdrop.avatar of a contact that
// contacts() lists gives its avatar, 文件传输助手's too (UserName
// "filehelper", not @…). It was refused as BAD_REQUEST "avatar takes a
// contact from contacts()", though contacts() gave it and the page shows
// that avatar.
func TestFirefoxPageAPIAvatarOfFileHelper(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.openOptions(t, "#api-enabled")
	click(t, opts, "#api-enabled")
	opts.Close()
	wait(t, e.page, `typeof window.wxdrop === 'object'`, "window.wxdrop on the page once turned on")
	got := eval[string](t, e.page, `(async () => {
	await wxdrop.ready;
	try {
		const [c] = await wxdrop.contacts('wjcszs');
		if (!c || c.userName !== 'filehelper') return 'contacts("wjcszs") gave ' + JSON.stringify(c);
		const b = await wxdrop.avatar(c);
		const u = new Uint8Array(await b.arrayBuffer());
		return b.type + ' ' + String.fromCharCode(...u.slice(1, 4));
	} catch (e) { return 'threw ' + e.code + ' ' + e.message; }
})()`)
	if got != "image/png PNG" {
		t.Errorf("wxdrop.avatar of 文件传输助手: %s; want its PNG", got)
	}
}
