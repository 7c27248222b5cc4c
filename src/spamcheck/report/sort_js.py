"""The report's only script: click a table header to sort by that column; page through long tables.

Cells may carry ``data-v`` (the value to sort by); numbers sort as numbers.
A table with ``data-page-size="N"`` shows N rows at a time, with previous/next
buttons in the ``.pager`` element just before it; sorting re-pages from page 1.
All rows stay in the page (so the file is self-contained and searchable with
the browser's find once paged to), only the rows off the current page are hidden.
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
        if(t.spamcheckPage)t.spamcheckPage(0);
      });
    });
  });
})();
"""

PAGER_JS = """
(function(){
  document.querySelectorAll('table[data-page-size]').forEach(function(t){
    var size=+t.getAttribute('data-page-size'),pager=document.getElementById(t.id+'-pager');
    if(!pager||!(size>0))return;
    var prev=pager.querySelector('.prev'),next=pager.querySelector('.next'),info=pager.querySelector('.info');
    var cur=0;
    function show(p){
      var rows=t.tBodies[0].rows,pages=Math.max(1,Math.ceil(rows.length/size));
      cur=Math.min(Math.max(0,p),pages-1);
      for(var i=0;i<rows.length;i++){rows[i].hidden=(i<cur*size||i>=(cur+1)*size);}
      info.textContent='page '+(cur+1)+' of '+pages+' (rows '+(rows.length?cur*size+1:0)+'-'+
        Math.min(rows.length,(cur+1)*size)+' of '+rows.length+')';
      prev.disabled=cur===0;next.disabled=cur>=pages-1;
      pager.setAttribute('data-page',String(cur+1));
    }
    prev.addEventListener('click',function(){show(cur-1);});
    next.addEventListener('click',function(){show(cur+1);});
    t.spamcheckPage=show;
    show(0);
  });
})();
"""
