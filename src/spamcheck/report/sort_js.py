"""The report's only script: click a table header to sort by that column.

Cells may carry ``data-v`` (the value to sort by); numbers sort as numbers.
"""

SORT_JS = """
(function(){
  function key(td){var v=td.hasAttribute('data-v')?td.getAttribute('data-v'):td.textContent;
    var n=parseFloat(v);return (v.trim()!==''&&isFinite(v))?{n:n}:{s:v.toLowerCase()};}
  function cmp(a,b){if(a.n!==undefined&&b.n!==undefined)return a.n-b.n;
    var x=a.s!==undefined?a.s:String(a.n),y=b.s!==undefined?b.s:String(b.n);return x<y?-1:x>y?1:0;}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths,function(th,col){
      th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(r1,r2){var c=cmp(key(r1.cells[col]),key(r2.cells[col]));return asc?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
})();
"""
