namespace MarketLab.Experiments.Data.Sequences;

/// <summary>The layouts <see cref="BehaviourLog"/> reads.</summary>
public enum BehaviourLogFormat
{
    /// <summary><c>user item</c> per line, separated by a space or a tab, each user's lines in time order and no
    /// timestamp: the layout of Kang &amp; McAuley's SASRec data (Amazon Games, <c>Video.txt</c>).</summary>
    UserItemPairs,

    /// <summary><c>user,item,category,behaviour,timestamp</c> with no header: the Taobao UserBehavior CSV
    /// (Zhu et al., KDD 2018), behaviour one of pv, cart, fav, buy and the timestamp in Unix seconds.</summary>
    TaobaoCsv,
}
