// Tailwind CSS 4 through its PostCSS plugin (the console's only CSS pipeline).
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
