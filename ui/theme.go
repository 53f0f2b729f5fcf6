package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// sgTheme is Fyne's default theme held to one variant, so the user's
// choice of light or dark wins over the system's.
type sgTheme struct {
	variant fyne.ThemeVariant
}

var _ fyne.Theme = (*sgTheme)(nil)

func newTheme(dark bool) *sgTheme {
	if dark {
		return &sgTheme{variant: theme.VariantDark}
	}
	return &sgTheme{variant: theme.VariantLight}
}

func (t *sgTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.variant)
}

func (t *sgTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t *sgTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *sgTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// dark reports whether the theme is the dark variant.
func (t *sgTheme) dark() bool { return t.variant == theme.VariantDark }
