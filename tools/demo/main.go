//go:build !js

// Command demo runs wxdrop on the simulated web WeChat: it builds the
// extension, starts wxsim, and starts Chromium with the extension loaded,
// a throw-away profile, and the WeChat hosts pointed at the simulator.
//
// With a display it opens Chromium on the simulated wx.qq.com and waits:
// press the scan button to log in, then use the wxdrop icon. Without one
// (or with -tour) it runs headless through a scripted tour — log in, send a
// text and two files from the popup — prints what the simulated server
// received, and saves a screenshot of the popup. `make demo` runs it.
package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

func main() {
	tour := flag.Bool("tour", os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "", "run the headless scripted tour (the default without a display)")
	out := flag.String("out", "out", "where the tour saves its screenshots")
	contacts := flag.Int("contacts", 200, "generated contacts beside the default ones")
	flag.Parse()
	if err := run(*tour, *out, *contacts); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(tour bool, out string, contacts int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	fmt.Println("building the extension (./build.sh)…")
	if err := e2e.BuildExtension(ctx, root); err != nil {
		return err
	}
	if !e2e.HaveChromium() {
		return fmt.Errorf("no Chromium at %s: run scripts/deps.sh (make demo does)", e2e.ChromiumPath())
	}
	sim, err := wxsim.New(wxsim.Config{People: append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(contacts, 1)...)})
	if err != nil {
		return err
	}
	defer sim.Close()
	fmt.Printf("wxsim listening on %s\n", sim.Addr())
	if !tour {
		return interactive(ctx, root, sim)
	}
	return scriptedTour(ctx, root, out, sim)
}

// interactive starts a visible Chromium and waits for it to close.
func interactive(ctx context.Context, root string, sim *wxsim.Server) error {
	profile, err := os.MkdirTemp("", "wxdrop-demo-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	args := []string{"--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--load-extension=" + root, "--disable-extensions-except=" + root}
	args = append(args, sim.ChromiumFlags()...)
	args = append(args, "https://wx.qq.com/")
	fmt.Println("starting Chromium on the simulated wx.qq.com: press 扫码登录 / Scan to log in, then click the wxdrop icon. Close the window to stop.")
	cmd := exec.CommandContext(ctx, e2e.ChromiumPath(), args...)
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("chromium: %w", err)
	}
	printReceived(sim)
	return nil
}

const popupURL = "chrome-extension://" + e2e.ExtensionID + "/extension/pages/popup.html"

// scriptedTour does in headless Chromium what a person would.
func scriptedTour(ctx context.Context, root, out string, sim *wxsim.Server) error {
	br, err := e2e.Start(ctx, e2e.Options{Extensions: []string{root}, ResolverRules: sim.ResolverRules()})
	if err != nil {
		return err
	}
	defer br.Close()
	step := func(s string) { fmt.Println("·", s) }

	step("log in on the simulated wx.qq.com (the scan button stands for the phone)")
	page, err := br.NewTab("https://wx.qq.com/", "wechat")
	if err != nil {
		return err
	}
	if err := chromedp.Do(timeout(page.Ctx, 20), chromedp.WaitVisible(chromedp.ID("scan")), chromedp.Click(chromedp.ID("scan"))); err != nil {
		return fmt.Errorf("log in: %w", err)
	}
	if err := e2e.WaitJS(page.Ctx, `window.wxsimStats && wxsimStats.state === 'running'`, 20*time.Second, "the page's sync loop"); err != nil {
		return err
	}

	step("open the wxdrop popup")
	popup, err := br.NewTab("", "popup")
	if err != nil {
		return err
	}
	if err := chromedp.Do(timeout(popup.Ctx, 20), chromedp.EmulateViewport(380, 600), chromedp.Navigate(popupURL)); err != nil {
		return err
	}
	if err := e2e.WaitJS(popup.Ctx, `document.body.dataset.ready === '1' && document.querySelector('#state').dataset.status === 'ready'`, 20*time.Second, "the popup to show the logged-in user"); err != nil {
		return err
	}

	step("search “zs” (pinyin initials of 张三) and pick the chat")
	zs := sim.UserName("zhangsan")
	if err := chromedp.Do(timeout(popup.Ctx, 10), chromedp.SendKeys(chromedp.ID("search"), "zs"),
		chromedp.WaitVisible(chromedp.CSS(`li.chat[data-user="`+zs+`"]`)), chromedp.Click(chromedp.CSS(`li.chat[data-user="`+zs+`"]`))); err != nil {
		return fmt.Errorf("pick a chat: %w", err)
	}

	step("send a text")
	if err := chromedp.Do(timeout(popup.Ctx, 10), chromedp.SendKeys(chromedp.ID("text"), "你好！wxdrop 演示 / a hello from the demo"), chromedp.Click(chromedp.ID("send"))); err != nil {
		return fmt.Errorf("send a text: %w", err)
	}

	step("send a picture and a PDF")
	dir, err := os.MkdirTemp("", "wxdrop-demo-files-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := demoFiles(dir)
	if err != nil {
		return err
	}
	if err := chromedp.Do(timeout(popup.Ctx, 10), chromedp.SetUploadFiles(chromedp.ID("file"), files)); err != nil {
		return fmt.Errorf("pick files: %w", err)
	}
	if err := e2e.WaitJS(popup.Ctx, `(() => { const j = [...document.querySelectorAll('#outbox li.entry')]; return j.length >= 3 && j.every(x => x.dataset.state === 'sent'); })()`, 60*time.Second, "the three sends to finish"); err != nil {
		return err
	}

	step("schedule a daily good-morning for tomorrow 8:00")
	if err := chromedp.Do(timeout(popup.Ctx, 10),
		chromedp.Click(chromedp.ID("schedule-toggle")), chromedp.WaitVisible(chromedp.ID("schedule-tomorrow")),
		chromedp.Click(chromedp.ID("schedule-tomorrow")), chromedp.SetValue(chromedp.ID("schedule-repeat"), "daily"),
		chromedp.SendKeys(chromedp.ID("text"), "早上好 ☀️"), chromedp.Click(chromedp.ID("send"))); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	if err := e2e.WaitJS(popup.Ctx, `document.querySelectorAll('#scheduled li.entry[data-state="queued"]').length === 1`, 20*time.Second, "the scheduled message to be listed"); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond) // let the last row paint

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	shot := filepath.Join(out, "demo-popup.png")
	b, err := chromedp.Run(timeout(popup.Ctx, 10), chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.WriteFile(shot, b, 0o644); err != nil {
		return err
	}
	pageShot := filepath.Join(out, "demo-wechat.png")
	if err := chromedp.Do(timeout(page.Ctx, 10), chromedp.EmulateViewport(1200, 800)); err == nil {
		time.Sleep(500 * time.Millisecond)
		if b, err := chromedp.Run(timeout(page.Ctx, 10), chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(pageShot, b, 0o644)
		}
	}
	printReceived(sim)
	if rej := sim.Rejections(); len(rej) > 0 {
		fmt.Printf("\nwxsim refused %d requests:\n", len(rej))
		for _, r := range rej {
			fmt.Printf("  %s: Ret %d: %s\n", r.Endpoint, r.Ret, r.Reason)
		}
	}
	abs, _ := filepath.Abs(shot)
	absPage, _ := filepath.Abs(pageShot)
	fmt.Printf("\nscreenshot of the popup: %s\nscreenshot of the simulated web WeChat: %s\n", abs, absPage)
	return nil
}

// demoFiles writes a small PNG and PDF to send.
func demoFiles(dir string) ([]string, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(4 * x), 180, uint8(4 * y), 255})
		}
	}
	var pb bytes.Buffer
	if err := png.Encode(&pb, img); err != nil {
		return nil, err
	}
	pdf := "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" + strings.Repeat("% padding\n", 20000)
	files := map[string][]byte{"渐变 gradient.png": pb.Bytes(), "季度报告 Q3 & notes.pdf": []byte(pdf)}
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// printReceived lists what the simulated server accepted.
func printReceived(sim *wxsim.Server) {
	msgs := sim.Messages()
	fmt.Printf("\nwhat the simulated WeChat server received (%d messages):\n", len(msgs))
	kinds := map[int]string{1: "text", 3: "image", 6: "file", 43: "video", 47: "emoticon"}
	for _, m := range msgs {
		to := m.ToKey
		if to == "" {
			to = m.To
		}
		switch m.Type {
		case 1:
			fmt.Printf("  %-5s → %-10s %q\n", kinds[m.Type], to, m.Content)
		default:
			md, _ := sim.Media(m.MediaID)
			ok := "bytes verified"
			if md == nil || fmt.Sprintf("%x", md5.Sum(md.Data)) != m.MD5 {
				ok = "BYTES DIFFER"
			}
			fmt.Printf("  %-5s → %-10s %q, %d bytes, MD5 %s (%s)\n", kinds[m.Type], to, m.FileName, m.FileSize, m.MD5, ok)
		}
	}
}

// timeout bounds one step. The demo is short-lived: its steps' timers end
// with it, and each step's context ends when its time is up.
func timeout(ctx context.Context, seconds int) context.Context {
	c, cancel := context.WithTimeout(ctx, time.Duration(seconds)*time.Second)
	time.AfterFunc(time.Duration(seconds)*time.Second, cancel)
	return c
}
