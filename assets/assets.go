// Package assets holds the files ShiftGuard embeds: the app icon and the
// translations of every user-facing string (zh-CN and English).
package assets

import (
	"embed"
	_ "embed"
)

// Icon is the 512×512 app icon (a shield with a clock), drawn by
// icon_test.go: `go test ./assets -run TestIcon -update` redraws it.
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/zh-CN.json and translations/en.json:
// flat JSON objects from a key to its text.
//
//go:embed translations/*.json
var Translations embed.FS
