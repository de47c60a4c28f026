// embed-code.js: "Copy" buttons beside the embed code of each dashboard chart. Without
// JavaScript the buttons stay hidden and the code can be selected in its text box.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var buttons = document.querySelectorAll("button.copy[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var b = buttons[i];
    b.hidden = false;
    b.addEventListener("click", function (event) {
      var button = event.currentTarget;
      var box = document.getElementById(button.getAttribute("data-copy"));
      if (!box) return;
      navigator.clipboard.writeText(box.value).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  }
  var boxes = document.querySelectorAll(".embed-code textarea");
  for (var j = 0; j < boxes.length; j++) {
    boxes[j].addEventListener("focus", function (event) { event.target.select(); });
  }
})();
