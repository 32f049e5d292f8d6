// On a narrow screen the main menu folds into the "Menu" button (see base.css); this opens and closes it.
(function () {
  var button = document.getElementById("menu-button");
  var menu = document.getElementById("menu");
  if (!button || !menu) return;
  function show(open) {
    menu.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    show(!menu.classList.contains("open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("open")) {
      show(false);
      button.focus();
    }
  });
})();
